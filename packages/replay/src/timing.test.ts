import { describe, expect, it } from 'vitest';
import { parseTiming, replayAt, type Timing } from './timing.js';

describe('replayAt', () => {
  const cases: [string, { at: number; timing: Timing; want: number | undefined }][] = [
    ['none', { at: 500, timing: 'none', want: undefined }],
    ['recorded', { at: 500, timing: 'recorded', want: 500 }],
    ['scaled faster', { at: 500, timing: { scale: 0.1 }, want: 50 }],
    ['scaled slower', { at: 500, timing: { scale: 2 }, want: 1000 }],
  ];
  it.each(cases)('%s', (_n, { at, timing, want }) => expect(replayAt(at, timing)).toBe(want));
});

describe('parseTiming', () => {
  const cases: [string, Timing | 'error'][] = [
    ['none', 'none'],
    ['recorded', 'recorded'],
    ['0.5', { scale: 0.5 }],
    ['scale=2', { scale: 2 }],
    ['fast', 'error'],
  ];
  it.each(cases)('%s', (given, want) => {
    if (want === 'error') expect(() => parseTiming(given)).toThrow(/expected none, recorded/);
    else expect(parseTiming(given)).toEqual(want);
  });
});
