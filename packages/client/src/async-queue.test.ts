import { describe, expect, it } from 'vitest';
import { AsyncQueue } from './async-queue.js';

const drain = async <T>(q: AsyncQueue<T>) => {
  const out: T[] = [];
  for await (const x of q) out.push(x);
  return out;
};

describe('AsyncQueue', () => {
  const cases: [string, { before: number[]; after: number[]; want: number[] }][] = [
    ['items pushed before iteration', { before: [1, 2], after: [], want: [1, 2] }],
    ['items pushed while the consumer waits', { before: [], after: [3, 4], want: [3, 4] }],
    ['both', { before: [1], after: [2], want: [1, 2] }],
  ];
  it.each(cases)('%s', async (_name, { before, after, want }) => {
    const q = new AsyncQueue<number>();
    before.forEach((x) => q.push(x));
    const result = drain(q);
    await Promise.resolve();
    after.forEach((x) => q.push(x));
    q.end();
    expect(await result).toEqual(want);
  });

  it('throws the end error after the queued items', async () => {
    const q = new AsyncQueue<string>();
    const seen: string[] = [];
    q.push('a');
    q.end(new Error('socket reset'));
    q.push('ignored after end');
    await expect(async () => {
      for await (const x of q) seen.push(x);
    }).rejects.toThrow('socket reset');
    expect(seen).toEqual(['a']);
  });

  it('wakes a waiting consumer with the end error', async () => {
    const q = new AsyncQueue<string>();
    const result = drain(q);
    await Promise.resolve();
    q.end(new Error('closed 1006'));
    await expect(result).rejects.toThrow('closed 1006');
  });
});
