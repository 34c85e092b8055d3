/**
 * `docktape proxy` on a terminal: while a large body is moving (an export or an archive being
 * recorded), one status line, rewritten in place, says which and how far. Pure: transfers in,
 * the line out; the wiring decides when (stderr is a TTY) and how often.
 *
 *     ↓ GET /v1.40/containers/dtr-main/export  312.0 MiB  148.2 MiB/s
 */
import { formatBytes } from './exchange-lines.js';

export interface Transfer {
  method: string;
  url: string;
  /** Body bytes so far, both directions. */
  bytes: number;
  elapsedMs: number;
}

/** Transfers smaller than this are not worth a line: most exchanges finish before the next tick. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export function progressLine(transfers: readonly Transfer[], width = 100): string {
  const big = transfers.filter((t) => t.bytes >= PROGRESS_MIN_BYTES).sort((a, b) => b.bytes - a.bytes);
  if (big.length === 0) return '';
  const t = big[0]!;
  const rate = t.elapsedMs > 0 ? `  ${formatBytes((t.bytes / t.elapsedMs) * 1000)}/s` : '';
  const more = big.length > 1 ? `  (+${big.length - 1} more)` : '';
  const tail = `  ${formatBytes(t.bytes)}${rate}${more}`;
  const room = Math.max(10, width - tail.length - t.method.length - 3);
  const path = new URL(t.url, 'http://docker').pathname;
  const shown = path.length > room ? `…${path.slice(path.length - room + 1)}` : path;
  return `↓ ${t.method} ${shown}${tail}`;
}
