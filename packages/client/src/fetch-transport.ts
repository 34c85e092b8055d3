/**
 * A transport over a WHATWG `fetch` function instead of undici's Pool, selected with the
 * client option `fetch`. Why: request-mocking libraries (msw, @mswjs/interceptors) patch the
 * global `fetch` and `http.ClientRequest`, never an undici Pool, so a client built on the Pool
 * cannot be replayed in-process. With `fetch: (input, init) => globalThis.fetch(input, init)`
 * every plain and streamed operation goes through whatever `fetch` is installed when the call
 * is made. Hijacked attach and websocket attach keep using the endpoint (`host`) as before.
 *
 * Responses keep the Pool transport's contract: status, lower-cased headers and a Node stream
 * body with `text()`/`json()`/`arrayBuffer()`, never buffered before the caller reads it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { arrayBuffer as readArrayBuffer, text as readText } from 'node:stream/consumers';
import type { Dispatcher } from 'undici';
import type { DockerEndpoint } from './docker-host.js';
import { DockerConfigError, DockerConnectionError } from './errors.js';
import { fetchOverRequest } from './fetch-adapter.js';
import type { RawRequest, Transport } from './transport.js';

export type FetchFunction = (input: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

export function createFetchTransport(endpoint: DockerEndpoint, fetchFn: FetchFunction, baseUrl = 'http://docker'): Transport {
  async function request(req: RawRequest): Promise<Dispatcher.ResponseData> {
    const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: req.headers ?? {}, signal: req.signal ?? null };
    if (req.body instanceof Readable) {
      init.body = Readable.toWeb(req.body) as ReadableStream<Uint8Array>;
      init.duplex = 'half'; // a streamed request body (putArchive of a tar stream)
    } else if (req.body !== null && req.body !== undefined) {
      init.body = req.body as BodyInit;
    }
    let res: Response;
    try {
      res = await fetchFn(`${baseUrl}${req.path}`, init);
    } catch (err) {
      const e = err as Error;
      if (e.name === 'AbortError' || req.signal?.aborted) throw err;
      throw new DockerConnectionError(`${baseUrl} (fetch)`, err);
    }
    return responseData(res);
  }

  return {
    endpoint,
    // No pool behind this transport; callers that need the dispatcher use the default transport.
    get dispatcher(): Dispatcher {
      throw new DockerConfigError('this client was created with the `fetch` option: it has no undici dispatcher');
    },
    fetch: fetchOverRequest(request),
    request,
    close: async () => undefined,
  };
}

/** The Pool transport's response shape, from a WHATWG Response. */
function responseData(res: Response): Dispatcher.ResponseData {
  const headers: IncomingHttpHeaders = {};
  res.headers.forEach((value, name) => {
    if (name === 'set-cookie') headers[name] = [...(headers[name] ?? []), value];
    else headers[name] = value;
  });
  const stream = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  const body = Object.assign(stream, {
    text: () => readText(stream),
    json: async () => JSON.parse(await readText(stream)) as unknown,
    arrayBuffer: () => readArrayBuffer(stream),
    blob: async () => new Blob([await readArrayBuffer(stream)]),
    bytes: async () => new Uint8Array(await readArrayBuffer(stream)),
    // TypeError: what a Response's formData() gives for a body that is not form data (Fetch spec).
    formData: () => Promise.reject(new TypeError('formData is not supported')),
    body: res.body,
    bodyUsed: false,
  });
  return {
    statusCode: res.status,
    statusText: res.statusText,
    headers,
    body: body as unknown as Dispatcher.ResponseData['body'],
    trailers: {},
    opaque: null,
    context: {},
  } as unknown as Dispatcher.ResponseData;
}
