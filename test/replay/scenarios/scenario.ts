/**
 * A recording scenario: client calls that run once against the real daemon through
 * `docktape proxy --record` (tools/fixtures/record.ts) and then, unchanged, against the
 * recordings (test/replay/*.test.ts). What a scenario returns is what a user would check
 * (exit codes, decoded text, stats samples); the replay tests assert it as the live tests do.
 *
 * Names are made at run time (`ctx.name`) so a replay never sees the recorded ones: replay
 * must rebind them. Labels are fixed per scenario so list/prune filters match.
 */
import { randomBytes } from 'node:crypto';
import type { DockerClient, WebSocketConstructor } from '@docktape/client';

export interface ScenarioContext {
  client: DockerClient;
  image: string;
  /** A fresh container name for this run. */
  name(prefix: string): string;
  /** Labels every container of the scenario carries (fixed: filters in the recording use them). */
  labels: Record<string, string>;
  /** WebSocket constructor for attach/ws (msw's patched global in replay tests). */
  WebSocket?: WebSocketConstructor;
}

export interface Scenario<T = unknown> {
  /** Fixture folder name under test/fixtures/. */
  name: string;
  run(ctx: ScenarioContext): Promise<T>;
}

export const FIXTURE_LABEL = 'org.docktape.fixture';

export function scenarioContext(client: DockerClient, scenario: string, image = 'busybox:latest', WebSocket?: WebSocketConstructor): ScenarioContext {
  return {
    client,
    image,
    name: (prefix) => `dt-${prefix}-${randomBytes(4).toString('hex')}`,
    labels: { [FIXTURE_LABEL]: scenario },
    ...(WebSocket ? { WebSocket } : {}),
  };
}

/** The outcome of a call that is expected to fail: status and daemon message, as a user checks them. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; message: string; operationId: string } | 'no error'> {
  try {
    await call;
    return 'no error';
  } catch (err) {
    const e = err as { status?: number; daemonMessage?: string; message: string; operationId?: string };
    return { status: e.status ?? 0, message: e.daemonMessage ?? e.message, operationId: e.operationId ?? '' };
  }
}
