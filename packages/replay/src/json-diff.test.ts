import { describe, expect, it } from 'vitest';
import { jsonDifferences } from './json-diff.js';

describe('jsonDifferences', () => {
  const cases: [string, { live: unknown; recorded: unknown; ignore?: string[]; want: string[] }][] = [
    ['key order does not matter', { live: { a: 1, b: [1, 2] }, recorded: { b: [1, 2], a: 1 }, want: [] }],
    ['a changed value', { live: { Image: 'a' }, recorded: { Image: 'b' }, want: ['Image: "a", recorded "b"'] }],
    ['nested path', { live: { HostConfig: { Memory: 1 } }, recorded: { HostConfig: { Memory: 2 } }, want: ['HostConfig.Memory: 1, recorded 2'] }],
    ['extra field', { live: { a: 1, x: 2 }, recorded: { a: 1 }, want: ['x: not in the recording'] }],
    ['missing field', { live: {}, recorded: { a: 1 }, want: ['a: recorded as 1, not sent'] }],
    ['array length', { live: { Cmd: ['a'] }, recorded: { Cmd: ['a', 'b'] }, want: ['Cmd: 1 items, recorded 2'] }],
    ['bare key ignored at any depth', { live: { x: { Labels: { a: '1' } } }, recorded: { x: { Labels: { a: '2' } } }, ignore: ['Labels'], want: [] }],
    ['dotted path ignored', { live: { HostConfig: { Memory: 1 } }, recorded: { HostConfig: { Memory: 2 } }, ignore: ['HostConfig.Memory'], want: [] }],
    ['dotted path only from the root', { live: { a: { HostConfig: { Memory: 1 } } }, recorded: { a: { HostConfig: { Memory: 2 } } }, ignore: ['HostConfig.Memory'], want: ['a.HostConfig.Memory: 1, recorded 2'] }],
    ['null vs object', { live: null, recorded: {}, want: ['(root): null, recorded {}'] }],
  ];
  it.each(cases)('%s', (_name, { live, recorded, ignore, want }) => {
    expect(jsonDifferences(live, recorded, ignore)).toEqual(want);
  });
});
