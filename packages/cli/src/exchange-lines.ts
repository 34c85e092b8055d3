/**
 * What `docktape proxy -v` prints: one line per finished exchange, and a summary at exit. Pure:
 * entries in, text out. The lines go to stderr, so stdout keeps only the ready line scripts read.
 *
 *     200 GET /v1.40/containers/json?all=1 ContainerList 2.1 ms ↑0 B ↓1.4 KiB
 */
import { operationIdOf } from '@docktape/api';
import { bytesOf } from '@docktape/audit-log';
import type { HarEntry } from '@docktape/recording';

export interface ExchangeBytes {
  up: number;
  down: number;
}

/**
 * Bytes each way, bodies only: the request body plus what a client sent after a hijack, and
 * back. The audit log's own count (one rule: the -v line and the audit line always agree).
 */
export const exchangeBytes: (entry: HarEntry) => ExchangeBytes = bytesOf;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** ANSI colors by status class: the eye finds failures first. 0 is "no answer" (client left, daemon unreachable). */
function paint(status: number, text: string): string {
  const code = status >= 500 || status === 0 ? 31 : status >= 400 ? 33 : status >= 300 ? 36 : 32;
  return `\u001b[${code}m${text}\u001b[39m`;
}

export function exchangeLine(entry: HarEntry, color: boolean): string {
  const url = new URL(entry.request.url, 'http://docker');
  const operationId = operationIdOf(entry.request.method, url.pathname) ?? '-';
  const { up, down } = exchangeBytes(entry);
  const status = String(entry.response.status || '---');
  const error = entry._error ? ` (${entry._error})` : '';
  // --validate: a broken contract is worth the eye on the line itself; the details are in the log
  const drift = entry._conformance?.outcome === 'violations' ? ` [${entry._conformance.violations.length} conformance violation${entry._conformance.violations.length === 1 ? '' : 's'}: ${entry._conformance.violations[0]!.location || '/'}…]` : '';
  return `${color ? paint(entry.response.status, status) : status} ${entry.request.method} ${url.pathname}${url.search} ${operationId} ${formatMs(entry.time)} ↑${formatBytes(up)} ↓${formatBytes(down)}${error}${drift}`;
}

/** What the summary says of --validate and --audit, when they were given. */
export interface SummaryExtras {
  /** --validate was on: the violations counted are worth a mention, even 0. */
  validated?: boolean;
  audit?: { target: string; written: number; dropped: number };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Counts what passed, for the line printed at exit. */
export class ExchangeTally {
  exchanges = 0;
  up = 0;
  down = 0;
  /** Conformance violations (--validate), over all exchanges. */
  violations = 0;

  add(entry: HarEntry, violations = 0): void {
    const bytes = exchangeBytes(entry);
    this.exchanges++;
    this.up += bytes.up;
    this.down += bytes.down;
    this.violations += violations;
  }

  summary(recordingFile: string | undefined, extras: SummaryExtras = {}): string {
    let what = `${plural(this.exchanges, 'exchange')}, ↑${formatBytes(this.up)} ↓${formatBytes(this.down)}`;
    if (extras.validated) what += `, ${plural(this.violations, 'conformance violation')}`;
    what += recordingFile ? `, recorded in ${recordingFile} (sidecar bodies beside it in blobs/)` : `, nothing recorded`;
    const audit = extras.audit;
    if (audit) {
      const where = audit.target === '-' ? 'stdout' : audit.target;
      what += `, audit log ${where}: ${plural(audit.written, 'line')}, ${audit.dropped} dropped`;
    }
    return what;
  }
}
