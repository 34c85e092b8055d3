import { describe, expect, it } from 'vitest';
import { alternate, blockSizes, median, percentile, ratio, rotate, summarise } from './small-stats.js';

describe('percentile (nearest rank)', () => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  it.each([
    ['p50 of 1..10', ten, 50, 5],
    ['p90 of 1..10', ten, 90, 9],
    ['p99 of 1..10', ten, 99, 10],
    ['p0 is the smallest', ten, 0, 1],
    ['p100 is the largest', ten, 100, 10],
    ['one sample', [3], 99, 3],
    ['no samples', [], 50, Number.NaN],
  ])('%s', (_name, samples, p, want) => {
    expect(percentile(samples, p)).toEqual(want);
  });

  it('leaves its input unsorted', () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('median', () => {
  it.each([
    ['odd count', [5, 1, 3], 3],
    ['even count: mean of the middle two', [4, 1, 3, 2], 2.5],
    ['empty', [], Number.NaN],
  ])('%s', (_name, xs, want) => expect(median(xs)).toEqual(want));
});

describe('summarise', () => {
  it('gives p50, p90, p99 and the count', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarise(xs)).toEqual({ p50: 50, p90: 90, p99: 99, count: 100 });
  });
});

describe('turn order', () => {
  it('rotate shifts by one each block and wraps', () => {
    expect([0, 1, 2, 3].map((b) => rotate(['a', 'b', 'c'], b).join(''))).toEqual(['abc', 'bca', 'cab', 'abc']);
  });
  it('rotate puts every contender in every position over as many blocks as contenders', () => {
    const firsts = new Set([0, 1, 2, 3].map((b) => rotate(['a', 'b', 'c', 'd'], b)[0]));
    expect(firsts).toEqual(new Set(['a', 'b', 'c', 'd']));
  });
  it('alternate reverses on odd rounds', () => {
    expect([0, 1, 2].map((r) => alternate(['a', 'b', 'c'], r).join(''))).toEqual(['abc', 'cba', 'abc']);
  });
});

describe('blockSizes', () => {
  it.each([
    ['even split', 300, 100, [100, 100, 100]],
    ['short last block', 250, 100, [100, 100, 50]],
    ['fewer than one block', 30, 100, [30]],
    ['nothing', 0, 100, []],
  ])('%s', (_name, total, block, want) => expect(blockSizes(total, block)).toEqual(want));
});

describe('ratio', () => {
  it.each([
    ['plain', 1.2, 0.6, 2],
    ['denominator zero: no ratio', 1, 0, Number.NaN],
    ['denominator negative (as fast as direct): no ratio', 1, -0.1, Number.NaN],
    ['numerator not measured', Number.NaN, 1, Number.NaN],
  ])('%s', (_name, a, b, want) => expect(ratio(a, b)).toEqual(want));
});
