/**
 * `docker run` without the race: create, register the wait (`next-exit`), start, take the exit
 * code, then read the logs. Starting before the wait is registered can miss a container that
 * exits at once (the wait then hangs, or reports a later exit); `not-running` instead of
 * `next-exit` would return at once for a container that is only created.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerWait
 */
import type { CollectedText } from './demux.js';
import type { LogsOptions, LogStream } from './logs.js';
import type { ContainerWaitResult, WaitCondition, WaitHandle } from './wait.js';

export interface RunOps<Body> {
  create(body: Body, query: { name?: string }, opts: { signal?: AbortSignal }): Promise<{ Id: string }>;
  wait(containerId: string, query: { condition?: WaitCondition }, opts: { signal?: AbortSignal }): WaitHandle;
  start(containerId: string, query: Record<string, never>, opts: { signal?: AbortSignal }): Promise<unknown>;
  logs(containerId: string, options: LogsOptions): LogStream;
  remove(containerId: string, query: { force?: boolean; v?: boolean }, opts: { signal?: AbortSignal }): Promise<void>;
}

export interface RunOptions {
  name?: string;
  /** Remove the container (and its anonymous volumes) afterwards, as `docker run --rm`. Default true. */
  remove?: boolean;
  signal?: AbortSignal;
}

export interface RunResult extends CollectedText {
  id: string;
  exitCode: number;
  /** The daemon's wait error, if any (e.g. the container could not be waited on). */
  error: string | undefined;
}

export async function runContainer<Body extends { Tty?: boolean }>(ops: RunOps<Body>, body: Body, options: RunOptions = {}): Promise<RunResult> {
  const { signal } = options;
  const { Id: id } = await ops.create(body, options.name ? { name: options.name } : {}, { signal });
  // Ends the wait if start fails, so nothing is left pending.
  const waitAbort = new AbortController();
  const waitSignal = signal ? AbortSignal.any([signal, waitAbort.signal]) : waitAbort.signal;
  try {
    const wait = ops.wait(id, { condition: 'next-exit' }, { signal: waitSignal });
    await wait.registered;
    try {
      await ops.start(id, {}, { signal });
    } catch (err) {
      waitAbort.abort();
      throw err;
    }
    const status: ContainerWaitResult = await wait.result;
    const text = await ops.logs(id, { tty: body.Tty ?? false, signal }).text();
    return { id, exitCode: status.StatusCode, error: status.Error?.Message || undefined, ...text };
  } finally {
    if (options.remove ?? true) await ops.remove(id, { force: true, v: true }, {}).catch(() => undefined);
  }
}
