import { describe, expect, it } from 'vitest';
import { splitBytes } from './response-plan.js';

describe('splitBytes', () => {
  const bytes = Buffer.from('abcdefghij');
  const cases: [string, { chunks: [number, number][] | undefined; want: [number, string][] }][] = [
    ['no timing: one chunk', { chunks: undefined, want: [[0, 'abcdefghij']] }],
    ['along recorded sizes', { chunks: [[1, 3], [5, 7]], want: [[1, 'abc'], [5, 'defghij']] }],
    ['rest after the recorded sizes', { chunks: [[1, 3]], want: [[1, 'abc'], [1, 'defghij']] }],
    ['recorded sizes beyond the bytes', { chunks: [[1, 8], [2, 8]], want: [[1, 'abcdefgh'], [2, 'ij']] }],
  ];
  it.each(cases)('%s', (_n, { chunks, want }) => {
    expect(splitBytes(bytes, chunks).map((c) => [c.atMs, Buffer.from(c.bytes).toString()])).toEqual(want);
  });
});
