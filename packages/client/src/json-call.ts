/**
 * The facade's JSON operations, straight on the transport: path and query in, parsed JSON out,
 * with the error contract of every other facade call (non-2xx is a `DockerApiError`).
 *
 * Why not through openapi-fetch like `client.api`: on a unix socket a small call takes ~0.1 ms
 * and openapi-fetch's per-call work (its coreFetch, header merging, a Request-like, a
 * Response-like, middleware plumbing) costs 10-25 us of it. Measured side by side for issue 11
 * (tools/bench/list-calls.ts, RESULTS-client.md, 2026-12-03): openapi-fetch / this path was
 * 1.09-1.48 in wall time and ~1.36 in CPU time, past the 5% the issue allowed for routing the
 * facade through `client.api`. The cost: middleware added with `client.api.use` does not see
 * facade calls (README, "One request path?"). Parameter and result types still come from the
 * generated spec (op-types.ts).
 */
import type { RawRequester, QueryValue } from './raw-request.js';
import { drain } from './raw-request.js';

export interface JsonCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after the version prefix, parameters already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as application/json. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  operationId: string;
}

/** 304 (start/stop: already in that state) is an answer, not an error, for these callers. */
export const NOT_MODIFIED = Symbol('304 Not Modified');

export function createJsonCaller(raw: RawRequester) {
  /** The parsed body of a 2xx answer; undefined for an empty one (204, or no bytes). */
  async function call<T>(req: JsonCall): Promise<T> {
    const res = await raw({
      method: req.method,
      path: req.path,
      query: req.query,
      operationId: req.operationId,
      signal: req.signal,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } }),
    });
    if (res.statusCode === 204) {
      await drain(res.body);
      return undefined as T;
    }
    const text = await res.body.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** The same, where 304 resolves to NOT_MODIFIED instead of throwing. */
  async function callOr304<T>(req: JsonCall): Promise<T | typeof NOT_MODIFIED> {
    try {
      return await call<T>(req);
    } catch (err) {
      if ((err as { status?: number }).status === 304) return NOT_MODIFIED;
      throw err;
    }
  }

  return { call, callOr304 };
}
