import { describe, expect, it } from 'vitest';
import { parseJsonPath, resolvePath } from './json-path.js';

describe('parseJsonPath', () => {
  const ok: Array<[string, { given: string; want: Array<string | number> }]> = [
    ['root', { given: '$', want: [] }],
    ['dotted names', { given: '$.components.schemas.Resources', want: ['components', 'schemas', 'Resources'] }],
    ['quoted path key', { given: "$.paths['/containers/{id}/json'].get", want: ['paths', '/containers/{id}/json', 'get'] }],
    ['double quotes and index', { given: '$.a["b.c"][1].d', want: ['a', 'b.c', 1, 'd'] }],
    ['status code key', { given: "$.responses['200']", want: ['responses', '200'] }],
  ];
  it.each(ok)('%s', (_n, { given, want }) => expect(parseJsonPath(given)).toEqual(want));

  const bad: Array<[string, { given: string; want: RegExp }]> = [
    ['no root', { given: 'a.b', want: /must start with "\$"/ }],
    ['wildcard', { given: '$.paths[*]', want: /wildcards and filters/ }],
    ['filter', { given: '$.a[?(@.x)]', want: /wildcards and filters/ }],
    ['recursive descent', { given: '$..a', want: /expected a name/ }],
    ['unterminated', { given: "$.a['b", want: /unterminated/ }],
  ];
  it.each(bad)('rejects %s', (_n, { given, want }) => expect(() => parseJsonPath(given)).toThrow(want));
});

describe('resolvePath', () => {
  const doc = { a: { b: [10, { c: 'x' }] } };
  it.each([
    [['a', 'b', 1, 'c'], 'x'],
    [['a', 'b', 0], 10],
    [['a', 'missing', 'c'], undefined],
    [['a', 'b', 0, 'c'], undefined],
  ] as const)('%j -> %j', (segments, want) => expect(resolvePath(doc, segments)).toEqual(want));
});
