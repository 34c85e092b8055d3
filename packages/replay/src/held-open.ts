/**
 * Exchanges the daemon never finished answering because the client left first, as the proxy
 * records them (`_error`, @docktape/recording exchange-error.ts): replay holds these open as the
 * daemon did, instead of ending them, so a live client sees what it saw then (issue 12):
 *
 * - `no-answer`: no response head at all (`status` 0): the docker CLI's background
 *   `POST /containers/{id}/wait` still open when `docker run -d` exited. Replay sends nothing
 *   and keeps the connection until the client leaves; closing it would make the CLI print
 *   `error waiting for container: EOF`.
 * - `body-cut`: a head and part of a body, then the client left (`logs -f` or `stats` it stopped
 *   reading, a wait that had registered). Replay serves what was recorded at its pace, then keeps
 *   the body open, never an early end.
 *
 * The proxy words every client-side cut with a reason starting "client " ("client aborted",
 * "client closed the connection before the response ended", "client went away before the request
 * body was read"); a cut by the daemon ("upstream closed ...") is the daemon's behaviour and
 * replays as recorded.
 */
import type { HarEntry } from '@docktape/recording';

export type HeldOpen = 'no-answer' | 'body-cut';

export function heldOpen(entry: Pick<HarEntry, 'response' | '_error'>): HeldOpen | undefined {
  if (entry.response.status === 0) return 'no-answer';
  return entry._error?.startsWith('client ') ? 'body-cut' : undefined;
}

/** Resolves when `signal` aborts; never without one (nothing would end the hold). */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
