/**
 * One recorded exchange as the audit sees it, whoever wrote the file: docktape's proxy (with
 * `_seq`, `_kind`, `_hijack`, `_error`, `_conformance`) or any HAR 1.2 tool (a browser export has
 * none of those). Pure.
 */
import type { ConformanceRecord, ExchangeKind } from '@docktape/recording';

/** Where an exchange came from: enough for a person to open the file at the entry. */
export interface ExchangeRef {
  /** The file as given on the command line (relative when it was). */
  file: string;
  /** 0-based, in file order. */
  index: number;
  /** docktape's arrival order (`_seq`); absent in other tools' HAR. */
  seq?: number;
  method: string;
  url: string;
  /** 0 when no response arrived. */
  status: number;
}

export interface AuditExchange extends ExchangeRef {
  kind: ExchangeKind;
  contentType: string | undefined;
  /** The response body, when it was loaded to be checked (JSON, no `_conformance`, complete). */
  body?: Buffer;
  /** The proxy's own check (`proxy --validate`): taken as recorded. */
  conformance?: ConformanceRecord;
  /** Why the response body (or a hijacked stream) is incomplete; absent when it is whole. */
  cut?: string;
  /** Why the body could not be checked though it should have been (a sidecar missing...). */
  bodyProblem?: string;
}

/** The fields of an entry the audit reads; every one optional, as in a foreign HAR. */
export interface LooseEntry {
  _seq?: unknown;
  _kind?: unknown;
  _error?: unknown;
  _hijack?: { daemonToClient?: { closedAt?: unknown }; clientToDaemon?: { closedAt?: unknown } } | unknown;
  _conformance?: unknown;
  _webSocketMessages?: unknown;
  request?: { method?: unknown; url?: unknown };
  response?: { status?: unknown; headers?: unknown; content?: { mimeType?: unknown } };
}

const KINDS: readonly ExchangeKind[] = ['http', 'hijack', 'websocket'];

/** The entry's kind: docktape's `_kind`, else a 101 with websocket messages (a browser's), else http. */
export function kindOf(entry: LooseEntry): ExchangeKind {
  if (KINDS.includes(entry._kind as ExchangeKind)) return entry._kind as ExchangeKind;
  return entry.response?.status === 101 && Array.isArray(entry._webSocketMessages) ? 'websocket' : 'http';
}

/**
 * Why the exchange is incomplete, or undefined when it is whole: no response at all, an error the
 * proxy recorded (`_error`: client abort, daemon reset), or a hijacked session of which neither
 * side's close was seen (the recording stopped while it ran).
 */
export function cutOf(entry: LooseEntry, kind: ExchangeKind): string | undefined {
  if (typeof entry._error === 'string' && entry._error !== '') return entry._error;
  if (entry.response?.status === 0) return 'no response (status 0)';
  if (kind === 'hijack' || (kind === 'websocket' && entry._hijack !== undefined)) {
    const h = entry._hijack as { daemonToClient?: { closedAt?: unknown }; clientToDaemon?: { closedAt?: unknown } } | undefined;
    if (!h || typeof h !== 'object') return 'hijacked session without its streams (_hijack missing)';
    if (typeof h.daemonToClient?.closedAt !== 'number' && typeof h.clientToDaemon?.closedAt !== 'number') return 'hijacked session never closed (no side closed)';
  }
  return undefined;
}

/** The response's Content-Type: the header when present, else HAR's `content.mimeType`. */
export function contentTypeOf(entry: LooseEntry): string | undefined {
  const headers = entry.response?.headers;
  if (Array.isArray(headers)) {
    const h = headers.find((x: { name?: unknown }) => typeof x?.name === 'string' && x.name.toLowerCase() === 'content-type') as { value?: unknown } | undefined;
    if (typeof h?.value === 'string') return h.value;
  }
  const mime = entry.response?.content?.mimeType;
  return typeof mime === 'string' && mime !== '' ? mime : undefined;
}
