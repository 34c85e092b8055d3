/**
 * `entry._redacted`: what the proxy took out before writing the entry (secret Env values, query
 * parameters, a body it could not read to redact), so a reader knows the bytes are not the
 * ones that crossed the wire, and replay ignores those places when it matches a live request.
 * Absent when nothing was redacted. Header redaction (registry credentials) predates this field
 * and is not listed in it.
 */
import type { HarEntry } from '../har-types.js';
import { isObject, shown, type Fail } from './field-check.js';

export const REDACTION_PLACES = ['request.url', 'request.postData', 'response.content'] as const;
export type RedactionPlace = (typeof REDACTION_PLACES)[number];

export interface Redacted {
  where: RedactionPlace;
  /** JSON pointers into the body ('' = the whole body), or query parameter names for request.url. */
  at: string[];
}

export function encodeRedactions(redactions: readonly Redacted[]): Redacted[] | undefined {
  const kept = redactions.filter((r) => r.at.length > 0).map((r) => ({ where: r.where, at: [...r.at] }));
  return kept.length ? kept : undefined;
}

export function decodeRedactions(entry: Pick<HarEntry, '_redacted'>): Redacted[] {
  return entry._redacted ?? [];
}

/** The pointers redacted in one place of an entry. */
export function redactedAt(entry: Pick<HarEntry, '_redacted'>, where: RedactionPlace): string[] {
  return decodeRedactions(entry)
    .filter((r) => r.where === where)
    .flatMap((r) => r.at);
}

export function checkRedactions(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) fail(`_redacted ${shown(value)}: expected a list of {where, at}`);
  (value as unknown[]).forEach((item, i) => {
    const ok = isObject(item) && REDACTION_PLACES.includes(item.where as RedactionPlace) && Array.isArray(item.at) && item.at.every((a) => typeof a === 'string');
    if (!ok) fail(`_redacted[${i}] ${shown(item)}: expected {where: ${REDACTION_PLACES.join('|')}, at: [strings]}`);
  });
}
