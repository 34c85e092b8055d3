/**
 * `docker wait` in two phases, as moby's Go client does it (`client/container_wait.go`): the
 * daemon registers the wait and flushes the response headers at once, and writes the body only
 * when the condition is met. So a handle is "registered" when the headers arrive; only then is
 * it safe to start the container without missing its exit (what `run()` relies on).
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerWait
 */
import { DockerStreamError } from './errors.js';
import { daemonJsonValues } from './json-lines.js';
import type { QueryOf, Schemas } from './op-types.js';
import { bodyChunks, type RawRequester } from './raw-request.js';

export type ContainerWaitResult = Schemas['ContainerWaitResponse'];
export type WaitCondition = NonNullable<QueryOf<'ContainerWait'>['condition']>;

/** Awaiting the handle itself gives the result, so `await containers.wait(id)` reads as before. */
export interface WaitHandle extends PromiseLike<ContainerWaitResult> {
  /** Resolves once the daemon has registered the wait (rejects as `result` does when it could not). */
  readonly registered: Promise<void>;
  /** `{ StatusCode, Error? }` when the condition is met. */
  readonly result: Promise<ContainerWaitResult>;
}

const ignore = () => undefined;

export function containerWait(
  request: RawRequester,
  containerId: string,
  query: { condition?: WaitCondition } = {},
  signal?: AbortSignal,
): WaitHandle {
  const response = request({
    method: 'POST',
    path: `/containers/${encodeURIComponent(containerId)}/wait`,
    query,
    signal,
    operationId: 'ContainerWait',
  });
  const registered = response.then(ignore);
  const result = response.then(async (res) => {
    // As the daemon sends it: `"Error": null` on success (see the nullable-wait-error erratum).
    for await (const body of daemonJsonValues<ContainerWaitResult>(bodyChunks(res.body, undefined), 'ContainerWait')) return body;
    throw new DockerStreamError('ended-early', `[POST] /containers/${containerId}/wait (ContainerWait): the connection ended before the container did`);
  });
  // Callers often await only one of the two; the other must not become an unhandled rejection.
  registered.catch(ignore);
  result.catch(ignore);
  return { registered, result, then: (onFulfilled, onRejected) => result.then(onFulfilled, onRejected) };
}
