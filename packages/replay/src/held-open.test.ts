/** Which recorded exchanges replay holds open: those whose client left before the daemon was done (proxy's `_error` wording). */
import { describe, expect, it } from 'vitest';
import { heldOpen, untilAborted } from './held-open.js';

const entry = (status: number, _error?: string) => ({ response: { status } as never, ...(_error === undefined ? {} : { _error }) });

describe('heldOpen', () => {
  it.each([
    ['no head: the client left first (run -d and its wait)', entry(0, 'client aborted'), 'no-answer'],
    ['no head, whatever the reason', entry(0, 'no response'), 'no-answer'],
    ['no head: the client went before its body was read', entry(0, 'client went away before the request body was read'), 'no-answer'],
    ['a wait or logs -f the client stopped reading', entry(200, 'client closed the connection before the response ended (Premature close)'), 'body-cut'],
    ['a body the daemon cut replays as recorded', entry(200, 'upstream closed before the end of the body'), undefined],
    ['the proxy answering 502 for an unreachable daemon', entry(502, 'cannot reach the Docker daemon at unix:///x: ECONNREFUSED'), undefined],
    ['an exchange that went through', entry(200), undefined],
  ])('%s', (_name, e, want) => {
    expect(heldOpen(e)).toBe(want);
  });
});

describe('untilAborted', () => {
  it('resolves when the signal aborts, at once when it has', async () => {
    const left = new AbortController();
    let done = false;
    const held = untilAborted(left.signal).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    left.abort();
    await held;
    expect(done).toBe(true);
    await untilAborted(left.signal);
  });
});
