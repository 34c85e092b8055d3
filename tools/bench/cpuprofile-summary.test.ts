import { describe, expect, it } from 'vitest';
import { fileOf, placeOf, selfTimeByFunction, selfTimeByPlace, type CpuProfile } from './cpuprofile-summary.js';

describe('placeOf', () => {
  it.each([
    ['a workspace package', 'file:///w/packages/proxy/dist/http-forward.js', 'f', '@docktape/proxy'],
    ['a dependency', 'file:///w/node_modules/http-proxy-3/dist/lib/index.js', 'f', 'http-proxy-3'],
    ['a scoped dependency', 'file:///w/node_modules/@scope/lib/x.js', 'f', '@scope/lib'],
    ["Node's own", 'node:_http_server', 'f', 'node:internal'],
    ["V8's pseudo-frames", '', '(garbage collector)', '(garbage collector)'],
    ['a native function', '', 'writev', '(native)'],
  ])('%s', (_name, url, fn, want) => expect(placeOf(url, fn)).toBe(want));
});

describe('fileOf', () => {
  it.each([
    ['a workspace file', 'file:///w/packages/proxy/dist/a.js', '@docktape/proxy/dist/a.js'],
    ['a dependency file', 'file:///w/node_modules/http-proxy-3/dist/lib/b.js', 'http-proxy-3/dist/lib/b.js'],
    ['elsewhere', 'file:///tmp/c.js', '/tmp/c.js'],
  ])('%s', (_name, url, want) => expect(fileOf(url)).toBe(want));
});

describe('self time', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)', '') },
      { id: 2, callFrame: frame('relay', 'file:///w/packages/proxy/dist/relay.js', 9) },
      { id: 3, callFrame: frame('parse', 'node:_http_common', 4) },
    ],
    samples: [1, 2, 3, 2, 1],
    timeDeltas: [5000, 1000, 1000, 2000, 5000],
  };
  it('sums the time of each sample to its frame, by place, largest first, idle out of the shares', () => {
    expect(selfTimeByPlace(profile)).toEqual([
      { name: '(idle)', ms: 10, share: Number.NaN },
      { name: '@docktape/proxy', ms: 3, share: 0.75 },
      { name: 'node:internal', ms: 1, share: 0.25 },
    ]);
  });
  it('by function, with its place and 1-based line', () => {
    expect(selfTimeByFunction(profile).map((s) => s.name)).toEqual(['(idle)', 'relay @docktape/proxy/dist/relay.js:10', 'parse node:_http_common:5']);
  });
});
