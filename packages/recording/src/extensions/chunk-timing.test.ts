import { describe, expect, it } from 'vitest';
import type { ChunkTiming } from '../har-types.js';
import { addChunk, alongChunks, splitAlongChunks } from './chunk-timing.js';

describe('addChunk (encoding)', () => {
  it.each([
    ['chunks a millisecond or more apart keep their times', [[10, 5], [11, 6], [1000, 7]], 100, [[10, 5], [11, 6], [1000, 7]]],
    ['chunks within a millisecond merge into the first', [[10, 5], [10.999, 6], [12, 7]], 100, [[10, 11], [12, 7]]],
    ['times are kept to the microsecond', [[0.12345, 1]], 100, [[0.123, 1]]],
    ['past the cap, bytes go to the last entry', [[1, 1], [5, 1], [9, 1], [20, 1]], 2, [[1, 1], [5, 3]]],
  ] as const)('%s', (_name, arrivals, max, want) => {
    const chunks: ChunkTiming[] = [];
    for (const [t, n] of arrivals) addChunk(chunks, t, n, max);
    expect(chunks).toEqual(want);
  });
});

const text = (pieces: { atMs: number; bytes: Uint8Array }[]) => pieces.map((p): [number, string] => [p.atMs, Buffer.from(p.bytes).toString()]);

/** Pieces with the same time joined. */
function byTime(pieces: readonly (readonly [number, string])[]): [number, string][] {
  const out: [number, string][] = [];
  for (const [t, s] of pieces) {
    const last = out.at(-1);
    if (last && last[0] === t) last[1] += s;
    else out.push([t, s]);
  }
  return out;
}

describe('splitAlongChunks and alongChunks (decoding) cut a body the same way', () => {
  it.each([
    ['no timing: the whole body at once', 'abcdef', [], [[0, 'abcdef']]],
    ['along the recorded sizes', 'abcdef', [[1, 2], [5, 4]], [[1, 'ab'], [5, 'cdef']]],
    ['bytes past the timing follow at the last time', 'abcdefgh', [[1, 2], [5, 4]], [[1, 'ab'], [5, 'cdef'], [5, 'gh']]],
    ['a timing longer than the body stops with the body', 'abc', [[1, 2], [5, 4], [9, 9]], [[1, 'ab'], [5, 'c']]],
    ['an empty body has no pieces', '', [[1, 2]], []],
  ] as const)('%s', async (_name, body, chunks, want) => {
    const timing = chunks.map(([t, n]): ChunkTiming => [t, n]);
    expect(text(splitAlongChunks(Buffer.from(body), timing))).toEqual(want);
    // read from disk in pieces of 1 and 3 bytes: the cut does not depend on how the bytes arrive
    for (const size of [1, 3]) {
      const pieces = (async function* () {
        for (let i = 0; i < body.length; i += size) yield Buffer.from(body.slice(i, i + size));
      })();
      const out = [];
      for await (const p of alongChunks(pieces, timing)) out.push(p);
      // bytes past the timing come as read (never held back to be joined): same times, same bytes
      expect(byTime(text(out))).toEqual(byTime(want));
    }
  });
});
