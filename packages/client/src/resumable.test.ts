import { describe, expect, it } from 'vitest';
import { resumable } from './resumable.js';

async function* numbers(log: string[]) {
  try {
    for (let i = 1; i <= 5; i++) yield i;
  } finally {
    log.push('source ended');
  }
}

describe('resumable', () => {
  const cases: [string, { stops: number[]; want: number[][] }][] = [
    ['break after 2, then read the rest', { stops: [2, Infinity], want: [[1, 2], [3, 4, 5]] }],
    ['three loops', { stops: [1, 1, Infinity], want: [[1], [2], [3, 4, 5]] }],
  ];
  it.each(cases)('%s', async (_name, { stops, want }) => {
    const log: string[] = [];
    const it = resumable(numbers(log));
    const got: number[][] = [];
    for (const stop of stops) {
      const part: number[] = [];
      for await (const n of it) {
        part.push(n);
        if (part.length >= stop) break;
      }
      got.push(part);
      if (stop !== Infinity) expect(log).toEqual([]);
    }
    expect(got).toEqual(want);
    expect(log).toEqual(['source ended']);
  });
});
