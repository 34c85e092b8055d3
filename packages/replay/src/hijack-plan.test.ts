import { describe, expect, it } from 'vitest';
import { clientReached, planHijack, type ClientProgress, type HijackStep } from './hijack-plan.js';

const stream = (chunks: [number, number][], closedAt?: number) => ({ content: { size: 0, mimeType: '' }, chunks, ...(closedAt === undefined ? {} : { closedAt }) });

describe('planHijack', () => {
  const cases: [string, { up: ReturnType<typeof stream>; down: ReturnType<typeof stream>; want: HijackStep[] }][] = [
    [
      'echo after input, end after half-close',
      {
        up: stream([[10, 6], [12, 6]], 15),
        down: stream([[11, 14], [13, 14]], 20),
        want: [
          { afterClientBytes: 6, afterClientClosed: false, atMs: 11, bytes: 14 },
          { afterClientBytes: 12, afterClientClosed: false, atMs: 13, bytes: 14 },
          { afterClientBytes: 12, afterClientClosed: true, atMs: 20, bytes: 0, end: true },
        ],
      },
    ],
    [
      'output with no input (TTY), daemon ends first',
      {
        up: stream([]),
        down: stream([[1000, 9]], 1001),
        want: [
          { afterClientBytes: 0, afterClientClosed: false, atMs: 1000, bytes: 9 },
          { afterClientBytes: 0, afterClientClosed: false, atMs: 1001, bytes: 0, end: true },
        ],
      },
    ],
    [
      // a TTY attach with detach keys sent to the daemon (a client that does not catch them
      // itself, unlike the docker CLI): the daemon ends the stream once it has read them, the
      // client still open; replayed, the end waits for the keys, never comes before them
      'detach keys: the daemon ends the stream after the client typed them',
      {
        up: stream([[1, 11], [5, 2]]),
        down: stream([[2, 11]], 6),
        want: [
          { afterClientBytes: 11, afterClientClosed: false, atMs: 2, bytes: 11 },
          { afterClientBytes: 13, afterClientClosed: false, atMs: 6, bytes: 0, end: true },
        ],
      },
    ],
    ['daemon never closed (connection cut)', { up: stream([[1, 3]]), down: stream([[2, 3]]), want: [{ afterClientBytes: 3, afterClientClosed: false, atMs: 2, bytes: 3 }] }],
  ];
  it.each(cases)('%s', (_n, { up, down, want }) => {
    expect(planHijack({ clientToDaemon: up, daemonToClient: down })).toEqual(want);
  });
});

describe('clientReached', () => {
  const step = (afterClientBytes: number, afterClientClosed = false): HijackStep => ({ afterClientBytes, afterClientClosed, atMs: 0, bytes: 1 });
  const cases: [string, { step: HijackStep; client: ClientProgress; want: boolean }][] = [
    ['not yet sent what the daemon answered', { step: step(3), client: { bytes: 2, closed: false }, want: false }],
    ['sent it', { step: step(3), client: { bytes: 3, closed: false }, want: true }],
    ['sent more', { step: step(3), client: { bytes: 9, closed: false }, want: true }],
    ['half-closed before sending it: not waited for', { step: step(3), client: { bytes: 1, closed: true }, want: true }],
    ['recorded after the half-close, client still open', { step: step(3, true), client: { bytes: 3, closed: false }, want: false }],
    ['recorded after the half-close, client closed', { step: step(3, true), client: { bytes: 3, closed: true }, want: true }],
  ];
  it.each(cases)('%s', (_n, { step, client, want }) => expect(clientReached(step, client)).toBe(want));
});
