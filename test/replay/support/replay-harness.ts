/**
 * Runs a recording scenario against its committed fixtures, with no daemon:
 *
 * - `mswReplay`: the client's plain and streamed requests go through the global `fetch`
 *   (client option `fetch`), which msw intercepts; attach/ws goes through msw's `ws` API
 *   (undici's WebSocket installed as the global first: Node 20 has none by default).
 * - `daemonReplay`: the replay daemon, in-process on a temporary unix socket, for what msw
 *   cannot carry (hijacked attach) and to check the daemon path serves every scenario.
 *
 * Both return the scenario's outcome and the engine, whose errors and unserved exchanges the
 * tests check: a replay that skipped recorded exchanges, or met an unmatched request that the
 * scenario swallowed, fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { WebSocket as UndiciWebSocket } from 'undici';
import { createDockerClient, type DockerClient, type WebSocketConstructor } from '@docktape/client';
import { createReplayHandlers, loadFixtures, ReplayEngine, startReplayDaemon, type ReplayOptions } from '@docktape/replay';
import { scenarioContext, type Scenario } from '../../../tools/fixtures/scenarios/index.js';
import { FIXTURES } from './fixtures-dir.js';

export { FIXTURES };

export interface ReplayRun<T> {
  outcome: T;
  engine: ReplayEngine;
}

export async function engineFor(scenario: Scenario, options: ReplayOptions = {}): Promise<ReplayEngine> {
  return new ReplayEngine(await loadFixtures(path.join(FIXTURES, scenario.name)), options);
}

export async function mswReplay<T>(scenario: Scenario<T>, options: ReplayOptions = {}): Promise<ReplayRun<T>> {
  const engine = await engineFor(scenario, options);
  const g = globalThis as { WebSocket?: unknown };
  g.WebSocket ??= UndiciWebSocket;
  const server = setupServer(...createReplayHandlers(engine));
  server.listen({ onUnhandledRequest: 'error' });
  // Nothing listens at this address: anything msw does not answer fails loudly.
  const client = createDockerClient({ host: 'tcp://127.0.0.1:9', fetch: (input, init) => globalThis.fetch(input, init) });
  try {
    const outcome = await scenario.run(scenarioContext(client, scenario.name, 'busybox:latest', g.WebSocket as WebSocketConstructor));
    return { outcome, engine };
  } finally {
    await client.close();
    server.close();
  }
}

export async function daemonReplay<T>(scenario: Scenario<T>, options: ReplayOptions = {}): Promise<ReplayRun<T>> {
  const engine = await engineFor(scenario, options);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-replay-'));
  const daemon = await startReplayDaemon(engine, { listen: `unix://${dir}/docker.sock` });
  const client = createDockerClient({ host: daemon.url });
  try {
    const outcome = await scenario.run(scenarioContext(client, scenario.name));
    return { outcome, engine };
  } finally {
    await client.close();
    await daemon.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Everything recorded was replayed, and nothing went unmatched. */
/** Both replay paths, for `describe.each`: every scenario runs through msw and the replay daemon. */
export const REPLAY_PATHS = [
  ['msw', mswReplay],
  ['replay daemon', daemonReplay],
] as const;

export function servedAll(engine: ReplayEngine): { errors: string[]; unserved: string[] } {
  return {
    errors: engine.errors.map((e) => e.message),
    unserved: engine.unserved().map((x) => `${x.entry.request.method} ${x.entry.request.url}`),
  };
}

export interface ReplayClient {
  client: DockerClient;
  close(): Promise<void>;
}

/** A client served by `engine` through msw (global fetch intercepted) or through a replay daemon on a temporary socket. */
export async function replayClient(path_: 'msw' | 'replay daemon', engine: ReplayEngine): Promise<ReplayClient> {
  if (path_ === 'msw') {
    const server = setupServer(...createReplayHandlers(engine));
    server.listen({ onUnhandledRequest: 'error' });
    const client = createDockerClient({ host: 'tcp://127.0.0.1:9', fetch: (input, init) => globalThis.fetch(input, init) });
    return {
      client,
      close: async () => {
        await client.close();
        server.close();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-replay-'));
  const daemon = await startReplayDaemon(engine, { listen: `unix://${dir}/docker.sock` });
  const client = createDockerClient({ host: daemon.url });
  return {
    client,
    close: async () => {
      await client.close();
      await daemon.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
