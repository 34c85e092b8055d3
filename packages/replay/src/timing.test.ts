import { afterEach, describe, expect, it, vi } from 'vitest';
import { paced } from './response-plan.js';
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

// Pacing on a fake clock: proves each chunk is held until its (scaled) recorded moment without
// measuring elapsed time, so a loaded machine cannot make it fail.
describe('paced', () => {
  afterEach(() => void vi.useRealTimers());

  it('holds each chunk until its scaled recorded time, then yields it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    async function* recorded() {
      for (const atMs of [0, 300, 900]) yield { atMs, bytes: Buffer.from(String(atMs)) };
    }
    const got: string[] = [];
    const pump = (async () => {
      for await (const bytes of paced(recorded(), { scale: 0.1 }, performance.now())) got.push(Buffer.from(bytes).toString());
    })();
    await vi.advanceTimersByTimeAsync(0);
    expect(got).toEqual(['0']);
    await vi.advanceTimersByTimeAsync(29);
    expect(got).toEqual(['0']);
    await vi.advanceTimersByTimeAsync(1); // 300 ms recorded, 30 ms at a tenth of the pace
    expect(got).toEqual(['0', '300']);
    await vi.advanceTimersByTimeAsync(59);
    expect(got).toEqual(['0', '300']);
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toEqual(['0', '300', '900']);
    await pump;
  });

  it("with timing 'none' yields everything without waiting for the clock", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    async function* recorded() {
      for (const atMs of [0, 300, 900]) yield { atMs, bytes: Buffer.from(String(atMs)) };
    }
    const got: string[] = [];
    for await (const bytes of paced(recorded(), 'none', performance.now())) got.push(Buffer.from(bytes).toString());
    expect(got).toEqual(['0', '300', '900']);
  });
});
