/**
 * `entry._error`: why an exchange failed, as a sentence. Set when the daemon was unreachable (the
 * response is then the proxy's own 502), when the client hung up (the response is what reached it
 * until then), or when a stage refused the request. Absent on every exchange that went through.
 */
import type { HarEntry } from '../har-types.js';
import { shown, type Fail } from './field-check.js';

/** The field's value; an empty reason says nothing, so the field is left out. */
export function encodeExchangeError(reason: string | undefined): string | undefined {
  return reason ? reason : undefined;
}

export function decodeExchangeError(entry: Pick<HarEntry, '_error'>): string | undefined {
  return entry._error;
}

export function checkExchangeError(value: unknown, fail: Fail): void {
  if (value !== undefined && typeof value !== 'string') fail(`_error ${shown(value)}: expected why the exchange failed, as text`);
}
