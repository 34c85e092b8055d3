/**
 * One call a user's suite makes before its tests (and `stop()` after them) to get Docker
 * clients pointed at the right place for the mode (tape-mode.ts):
 * - `replay`: the suite's fixtures loaded into an engine, served by a replay daemon on a
 *   temporary unix socket (any client: the docker CLI, other processes) or, with `serve: 'msw'`,
 *   by msw handlers in this process; `stop()` closes it and fails unless everything recorded was
 *   served and nothing went unmatched (served-everything.ts).
 * - `record`: a recording proxy (@docktape/proxy, an optional peer, loaded only here) in front
 *   of the daemon, writing into a fresh folder beside the fixtures; `stop()` finishes the
 *   recording and puts it in place of the old fixtures, so an interrupted run leaves them as
 *   they were.
 * - `live`: the daemon itself; nothing is started.
 * `clientOptions` spreads into `createDockerClient`; `host` is the DOCKER_HOST for processes.
 */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseListenAddress } from '@docktape/listen';
import { resolveDockerHost } from '@docktape/client';
import type { FetchFunction } from '@docktape/client';
import { loadFixtures } from '../load-fixtures.js';
import { createReplayHandlers } from '../msw-handlers.js';
import { startReplayDaemon } from '../replay-daemon.js';
import { ReplayEngine, type ReplayOptions } from '../replay-engine.js';
import { ReplayError } from '../replay-error.js';
import { assertServedEverything } from './served-everything.js';
import { tapeMode, type TapeMode } from './tape-mode.js';

export interface TapeOptions {
  /** The folder holding this suite's recordings (read in replay mode, replaced in record mode). */
  fixtures: string;
  /** Default: `DOCKTAPE_MODE`, else `replay`. */
  mode?: TapeMode;
  /** Replay: a replay daemon on a unix socket (default), or msw handlers in this process. */
  serve?: 'daemon' | 'msw';
  /** Record and live: the daemon (default as the docker CLI finds it: DOCKER_HOST, else the system socket). */
  target?: string;
  /** Replay: how requests are matched and served (ids, timing, ignoreBodyFields, ...). */
  replay?: ReplayOptions;
  /** Replay: skip the "served everything, nothing unmatched" check at `stop()`. */
  allowUnserved?: boolean;
  /** Environment read for the mode and the daemon (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface TapeClientOptions {
  host: string;
  /** Set when msw serves: the client's requests go through the global fetch msw patches. */
  fetch?: FetchFunction;
}

export interface Tape {
  readonly mode: TapeMode;
  /** DOCKER_HOST for clients in other processes (in msw replay, an address nothing listens on). */
  readonly host: string;
  /** `createDockerClient(tape.clientOptions)`. */
  readonly clientOptions: TapeClientOptions;
  /** The replay engine (replay mode), for checks of your own. */
  readonly engine: ReplayEngine | undefined;
  /** Record: finishes the recording and replaces the fixtures. Replay: stops serving, then checks. */
  stop(): Promise<void>;
}

/** Where msw replay points the client: nothing listens there, so a request msw misses fails loudly. */
const UNREACHABLE = 'tcp://127.0.0.1:9';

export async function startTape(options: TapeOptions): Promise<Tape> {
  const env = options.env ?? process.env;
  const mode = options.mode ?? tapeMode(env);
  if (mode === 'live') {
    const host = resolveDockerHost({ host: options.target }, env).url;
    return { mode, host, clientOptions: { host }, engine: undefined, stop: async () => {} };
  }
  if (mode === 'record') return startRecording(options, env);
  return startReplay(options);
}

async function startReplay(options: TapeOptions): Promise<Tape> {
  const engine = new ReplayEngine(await loadFixtures(options.fixtures), options.replay);
  const check = () => {
    if (!options.allowUnserved) assertServedEverything(engine);
  };
  if (options.serve === 'msw') {
    // msw is the consumer's own install (a peer): one copy patches fetch for the whole process
    const { setupServer } = await import('msw/node');
    const server = setupServer(...createReplayHandlers(engine));
    server.listen({ onUnhandledRequest: 'error' });
    const fetch: FetchFunction = (input, init) => globalThis.fetch(input, init);
    return {
      mode: 'replay',
      host: UNREACHABLE,
      clientOptions: { host: UNREACHABLE, fetch },
      engine,
      stop: async () => {
        server.close();
        check();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-replay-'));
  const daemon = await startReplayDaemon(engine, { listen: parseListenAddress(`unix://${dir}/docker.sock`) });
  return {
    mode: 'replay',
    host: daemon.url,
    clientOptions: { host: daemon.url },
    engine,
    stop: async () => {
      await daemon.close();
      await rm(dir, { recursive: true, force: true });
      check();
    },
  };
}

async function startRecording(options: TapeOptions, env: NodeJS.ProcessEnv): Promise<Tape> {
  let proxyModule: typeof import('@docktape/proxy');
  try {
    proxyModule = await import('@docktape/proxy');
  } catch (err) {
    throw new ReplayError('usage', 'DOCKTAPE_MODE=record needs @docktape/proxy: npm install --save-dev @docktape/proxy', { cause: err });
  }
  const fixtures = path.resolve(options.fixtures);
  // beside the fixtures (same filesystem, so the final rename is atomic), never inside them
  const fresh = `${fixtures}.recording-${process.pid}`;
  await rm(fresh, { recursive: true, force: true });
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'docktape-record-'));
  const target = proxyModule.resolveTarget({ host: options.target }, env);
  const proxy = await proxyModule.startProxy({ target, listen: parseListenAddress(`unix://${socketDir}/docker.sock`), recordDir: fresh });
  return {
    mode: 'record',
    host: proxy.url,
    clientOptions: { host: proxy.url },
    engine: undefined,
    stop: async () => {
      await proxy.close();
      target.close();
      await rm(socketDir, { recursive: true, force: true });
      await rm(fixtures, { recursive: true, force: true });
      await rename(fresh, fixtures);
    },
  };
}
