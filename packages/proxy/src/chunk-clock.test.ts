import { describe, expect, it } from 'vitest';
import { ChunkClock } from './chunk-clock.js';

describe('ChunkClock', () => {
  it.each([
    ['separate chunks keep their times', [[10, 5], [500, 6], [1000, 7]], 100, [[10, 5], [500, 6], [1000, 7]]],
    ['chunks within a millisecond merge', [[10, 5], [10.4, 6], [12, 7]], 100, [[10, 11], [12, 7]]],
    ['past the cap, bytes go to the last entry', [[1, 1], [5, 1], [9, 1], [20, 1]], 2, [[1, 1], [5, 3]]],
  ] as const)('%s', (_name, arrivals, max, want) => {
    const clock = new ChunkClock(0, max);
    for (const [t, n] of arrivals) clock.add(n, t);
    expect(clock.chunks).toEqual(want);
  });
});
