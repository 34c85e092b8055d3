/**
 * Requests that openapi-fetch cannot carry (bodies that are streams either way, HEAD answers
 * whose result is a header): straight on the transport, with the same error contract as the
 * facade's JSON operations (non-2xx is a `DockerApiError` with the daemon's message).
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { DockerApiError, daemonMessage, lostConnection } from './errors.js';
import type { Transport } from './transport.js';
import { versionedPath } from '@docktape/api';

export type QueryValue = string | number | boolean | undefined;

/** `?a=1&b=true` from a map, leaving out undefined values; '' when nothing is left. */
export function queryString(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface StreamRequest {
  method: string;
  /** Path after the version prefix, e.g. `/containers/abc/logs`. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Readable | null;
  signal?: AbortSignal | undefined;
  operationId: string;
}

/** Error bodies are short JSON; anything past this is not read (a broken daemon cannot flood us). */
const MAX_ERROR_BODY = 64 * 1024;

export function createRawRequester(transport: Transport, apiVersion: string) {
  /** Sends the request; resolves when the response headers arrive, the body still unread. */
  return async function rawRequest(req: StreamRequest): Promise<Dispatcher.ResponseData> {
    const res = await transport.request({
      method: req.method,
      path: `${versionedPath(apiVersion, req.path)}${queryString(req.query ?? {})}`,
      headers: req.headers,
      body: req.body ?? null,
      signal: req.signal,
    });
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    throw await apiError(res, req.method, versionedPath(apiVersion, req.path), req.operationId);
  };
}

export type RawRequester = ReturnType<typeof createRawRequester>;

/** Reads a non-2xx answer's body (bounded) into a DockerApiError. */
export async function apiError(res: Dispatcher.ResponseData, method: string, path: string, operationId: string): Promise<DockerApiError> {
  let text = '';
  if (method !== 'HEAD') {
    try {
      for await (const chunk of res.body) {
        text += Buffer.from(chunk as Uint8Array).toString('utf8');
        if (text.length > MAX_ERROR_BODY) break;
      }
    } catch {
      // The message is best effort; the status is what matters.
    }
  }
  discard(res.body);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain-text body
  }
  return new DockerApiError({ status: res.statusCode, message: daemonMessage(parsed, statusText(res.statusCode)), method, path, operationId });
}

function statusText(status: number): string {
  return ({ 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 500: 'Internal Server Error' } as Record<number, string>)[status] ?? `HTTP ${status}`;
}

/**
 * Iterates a response body and destroys it when the consumer stops early (break, return, throw),
 * so the connection is closed instead of left streaming. An abort through `signal` ends the
 * iteration quietly: the caller asked for it. A connection that breaks meanwhile is a
 * `DockerStreamError` (`connection-lost`).
 */
export async function* bodyChunks(body: Readable, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } catch (err) {
    if (signal?.aborted) return;
    throw lostConnection(err, 'reading the answer');
  } finally {
    discard(body);
  }
}

/**
 * Closes a body that will not be read (further). undici reports the destroy of an unfinished body
 * as an 'error' event ("Request aborted"), which would be uncaught without a listener.
 */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * Reads a body we have no use for to its end (so the connection goes back to the pool) and
 * resolves when it is done; a connection reset meanwhile is not the caller's failure (the
 * status already arrived), and must not be an uncaught 'error' event.
 */
export function drain(body: Readable): Promise<void> {
  return new Promise((resolve) => {
    body.on('error', () => resolve());
    body.once('end', resolve).once('close', resolve);
    body.resume();
  });
}
