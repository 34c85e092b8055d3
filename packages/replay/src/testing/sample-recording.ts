/** In-memory recordings for the engine's own tests (not built into dist): no file is read. */
import type { HarEntry, HijackRecord, Recording } from '@docktape/recording';

export interface SampleExchange {
  method?: string;
  url: string;
  requestBody?: string;
  status?: number;
  statusText?: string;
  headers?: [string, string][];
  body?: string;
  chunks?: [number, number][];
  hijack?: HijackRecord;
  /** When the request was sent, ms after the epoch (default: `seq` seconds: one exchange after another). */
  startMs?: number;
  /** ms from the request to the end of the answer (default 1). */
  time?: number;
  /** `_error`: why the exchange did not finish (a client that left: "client aborted"). */
  error?: string;
}

export function sampleEntry(seq: number, x: SampleExchange): HarEntry {
  const body = x.body ?? '';
  const entry: HarEntry = {
    startedDateTime: new Date(x.startMs ?? seq * 1000).toISOString(),
    time: x.time ?? 1,
    request: {
      method: x.method ?? 'GET',
      url: `http://docker${x.url}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      queryString: [],
      headersSize: 0,
      bodySize: x.requestBody?.length ?? 0,
      ...(x.requestBody === undefined ? {} : { postData: { size: Buffer.byteLength(x.requestBody), mimeType: 'application/json', text: x.requestBody } }),
    },
    response: {
      status: x.status ?? 200,
      statusText: x.statusText ?? 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (x.headers ?? [['Content-Type', 'application/json']]).map(([name, value]) => ({ name, value })),
      content: { size: Buffer.byteLength(body), mimeType: 'application/json', text: body },
      redirectURL: '',
      headersSize: 0,
      bodySize: Buffer.byteLength(body),
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _seq: seq,
    _kind: x.hijack ? 'hijack' : 'http',
  };
  if (x.chunks) entry._chunks = x.chunks;
  if (x.hijack) entry._hijack = x.hijack;
  if (x.error) entry._error = x.error;
  return entry;
}

/** One recording, its exchanges in this order (`_seq` 0, 1, ...). */
export function sampleRecording(exchanges: SampleExchange[], file = '/recordings/sample.har'): Recording {
  return {
    file,
    info: { formatVersion: 1, proxyVersion: 'test', target: 'unix:///var/run/docker.sock', startedDateTime: new Date(0).toISOString() },
    entries: exchanges.map((x, i) => sampleEntry(i, x)),
    fromJournal: false,
    warnings: [],
  };
}

/** An inline recorded stream of `text`, cut into `chunks` ([ms, bytes]). */
export function inlineStream(text: string, chunks: [number, number][], closedAt?: number): HijackRecord['daemonToClient'] {
  return { content: { size: Buffer.byteLength(text), mimeType: 'application/octet-stream', text }, chunks, ...(closedAt === undefined ? {} : { closedAt }) };
}
