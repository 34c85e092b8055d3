/**
 * Reads ANY HAR 1.2 document, leniently: a browser's export (no `_seq`, no `_kind`, bodies in
 * base64, `comment`s, other tools' `_` fields) or a docktape recording the strict reader refused.
 * An entry the audit cannot use (no method, no URL, no status) is skipped with the reason, and
 * the rest are read. Pure: the document in, entries and skips out.
 */
import type { LooseEntry } from './exchange.js';

export interface SkippedEntry {
  index: number;
  reason: string;
}

export interface LenientHar {
  entries: { index: number; entry: LooseEntry }[];
  skipped: SkippedEntry[];
}

export class NotHarError extends Error {
  override name = 'NotHarError';
}

export function readLenientHar(doc: unknown): LenientHar {
  const log = (doc as { log?: unknown } | null)?.log as { entries?: unknown } | undefined;
  if (!log || typeof log !== 'object') throw new NotHarError('is JSON but not a HAR file (no "log" object)');
  if (!Array.isArray(log.entries)) throw new NotHarError('is no HAR file: log.entries is not a list');
  const out: LenientHar = { entries: [], skipped: [] };
  log.entries.forEach((raw: unknown, index) => {
    const reason = unusable(raw);
    if (reason) out.skipped.push({ index, reason });
    else out.entries.push({ index, entry: raw as LooseEntry });
  });
  return out;
}

function unusable(raw: unknown): string | undefined {
  if (!raw || typeof raw !== 'object') return 'not an object';
  const e = raw as LooseEntry;
  if (typeof e.request?.method !== 'string' || e.request.method === '') return 'no request.method';
  if (typeof e.request.url !== 'string' || e.request.url === '') return 'no request.url';
  if (typeof e.response?.status !== 'number') return 'no response.status';
  return undefined;
}

/**
 * The bytes of an inline HAR body: `text` as UTF-8, or base64 when `encoding` says so (browsers
 * write binary and sometimes JSON bodies that way). Undefined when there is no text.
 */
export function inlineBody(content: { text?: unknown; encoding?: unknown } | undefined): Buffer | undefined {
  if (typeof content?.text !== 'string') return undefined;
  return content.encoding === 'base64' ? Buffer.from(content.text, 'base64') : Buffer.from(content.text, 'utf8');
}
