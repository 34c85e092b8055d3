/**
 * Turns what the proxy saw into a HAR 1.2 entry (see @docktape/recording har-types.ts for the
 * `_` extensions). Pure: no clocks, no I/O.
 */
import {
  encodeApiVersion,
  encodeChunks,
  encodeExchangeError,
  encodePostData,
  encodeRedactions,
  type Redacted,
  type ChunkTiming,
  type ExchangeKind,
  type HarEntry,
  type HarNameValue,
  type HijackRecord,
  type RecordedContent,
  type WebSocketMessage,
} from '@docktape/recording';
import { apiVersionOf } from './classify-request.js';
import { rawHeader } from './http-head.js';
import { isSecretBodyRequest, redactRawHeaders, REDACTED } from './redact.js';

export interface SeenRequest {
  method: string;
  url: string;
  httpVersion: string;
  rawHeaders: string[];
}

export interface SeenResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  rawHeaders: string[];
}

export interface EntryParts {
  seq: number;
  kind: ExchangeKind;
  startedDateTime: string;
  /** ms from start until the response head arrived, and until the exchange ended. */
  waitMs: number;
  totalMs: number;
  request: SeenRequest;
  requestBody?: RecordedContent;
  response: SeenResponse;
  responseBody: RecordedContent;
  chunks?: ChunkTiming[];
  hijack?: HijackRecord;
  webSocketMessages?: WebSocketMessage[];
  error?: string;
  /** Body bytes as they crossed the wire (HAR bodySize), when redaction changed the recorded size. */
  requestWireBytes?: number;
  responseWireBytes?: number;
  /** What redaction replaced in the recorded bodies. */
  redacted?: Redacted[];
}

export function harHeaders(rawHeaders: string[]): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) out.push({ name: rawHeaders[i]!, value: rawHeaders[i + 1]! });
  return out;
}

export function harQuery(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return [...new URLSearchParams(url.slice(q + 1))].map(([name, value]) => ({ name, value }));
}

function headSize(rawHeaders: string[], firstLine: string): number {
  let n = firstLine.length + 2 + 2;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) n += rawHeaders[i]!.length + 2 + rawHeaders[i + 1]!.length + 2;
  return n;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export function buildEntry(p: EntryParts): HarEntry {
  const { response: rs } = p;
  // Secrets are redacted here, before entry stages and before anything is written (redact.ts).
  const rq = { ...p.request, rawHeaders: redactRawHeaders(p.request.rawHeaders) };
  const secretBody = isSecretBodyRequest(rq.method, rq.url);
  const host = rawHeader(rq.rawHeaders, 'host') || 'docker';
  const apiVersion = encodeApiVersion(apiVersionOf(rq.url), harHeaders(rs.rawHeaders));
  const entry: HarEntry = {
    startedDateTime: p.startedDateTime,
    time: round(p.totalMs),
    request: {
      method: rq.method,
      url: `http://${host}${rq.url}`,
      httpVersion: `HTTP/${rq.httpVersion}`,
      cookies: [],
      headers: harHeaders(rq.rawHeaders),
      queryString: harQuery(rq.url),
      headersSize: headSize(p.request.rawHeaders, `${rq.method} ${rq.url} HTTP/${rq.httpVersion}`),
      bodySize: p.requestWireBytes ?? p.requestBody?.size ?? 0,
    },
    response: {
      status: rs.status,
      statusText: rs.statusText,
      httpVersion: `HTTP/${rs.httpVersion}`,
      cookies: [],
      headers: harHeaders(rs.rawHeaders),
      content: p.responseBody,
      redirectURL: '',
      headersSize: headSize(rs.rawHeaders, `HTTP/${rs.httpVersion} ${rs.status} ${rs.statusText}`),
      bodySize: p.responseWireBytes ?? p.responseBody.size,
    },
    cache: {},
    timings: { send: 0, wait: round(p.waitMs), receive: round(Math.max(0, p.totalMs - p.waitMs)) },
    _seq: p.seq,
    _kind: p.kind,
  };
  // The `_` fields and postData are encoded by their codecs in @docktape/recording (the format's one home).
  const postData = encodePostData(p.requestBody, secretBody ? REDACTED : undefined);
  if (postData) entry.request.postData = postData;
  if (apiVersion) entry._apiVersion = apiVersion;
  const chunks = encodeChunks(p.chunks);
  if (chunks) entry._chunks = chunks;
  if (p.hijack) entry._hijack = p.hijack;
  if (p.webSocketMessages) entry._webSocketMessages = p.webSocketMessages;
  const redacted = encodeRedactions(p.redacted ?? []);
  if (redacted) entry._redacted = redacted;
  const error = encodeExchangeError(p.error);
  if (error) entry._error = error;
  return entry;
}
