/**
 * openapi-fetch's `fetch` on top of a transport's `request`, for both transports (the undici
 * Pool and the `fetch` option): openapi-fetch hands over a TransportRequest, the transport
 * carries it, the answer comes back as a TransportResponse that reads the Node stream body.
 */
import type { Dispatcher } from 'undici';
import { TransportRequest, TransportResponse } from './transport-messages.js';
import type { RawRequest } from './transport.js';
import { drain } from './raw-request.js';

/** Statuses whose Response must have a null body (fetch spec), plus HEAD answers. */
const NULL_BODY = new Set([101, 204, 205, 304]);

export function fetchOverRequest(request: (req: RawRequest) => Promise<Dispatcher.ResponseData>) {
  return async function fetch(input: Request | TransportRequest): Promise<Response> {
    const url = input.url;
    // openapi-fetch builds absolute URLs from our baseUrl; the daemon only needs path + query.
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const headers: Record<string, string> = {};
    input.headers.forEach((v, k) => (headers[k] = v));
    // Most calls carry no body or a JSON string: take those as they are, without an await.
    // (not `??`: null means "no body" and must not fall through to reading one)
    const now = requestBodyNow(input);
    const body = now !== undefined ? now : await requestBodyLater(input);
    const res = await request({ method: input.method, path, headers, body, signal: input.signal ?? undefined });
    if (NULL_BODY.has(res.statusCode) || input.method === 'HEAD') {
      void drain(res.body);
      return new TransportResponse(null, res, url);
    }
    return new TransportResponse(res.body, res, url);
  };
}

/** The body when it is at hand (none, a string, bytes); undefined when it must be read. */
function requestBodyNow(input: Request | TransportRequest): RawRequest['body'] | undefined {
  if (!(input instanceof TransportRequest)) return input.body ? undefined : null;
  const body = input.bodyInit;
  if (body === null || body === undefined) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return undefined;
}

async function requestBodyLater(input: Request | TransportRequest): Promise<Buffer> {
  const bytes = input instanceof TransportRequest ? await new Response(input.bodyInit).arrayBuffer() : await input.arrayBuffer();
  return Buffer.from(bytes);
}
