import { describe, expect, it } from 'vitest';
import { foldUrl } from './fold-path.js';

describe('foldUrl', () => {
  const cases: [string, { given: string; want: ReturnType<typeof foldUrl> }][] = [
    ['v1.40 prefix', { given: '/v1.40/containers/json', want: { path: '/containers/json', query: [] } }],
    ['v1.41 prefix', { given: '/v1.41/containers/json?all=1', want: { path: '/containers/json', query: [['all', '1']] } }],
    ['no prefix', { given: '/containers/json', want: { path: '/containers/json', query: [] } }],
    ['absolute url', { given: 'http://docker/v1.40/containers/a/logs?stdout=true&tail=3', want: { path: '/containers/a/logs', query: [['stdout', 'true'], ['tail', '3']] } }],
    ['encoded id', { given: '/v1.40/containers/a%2Fb/json', want: { path: '/containers/a/b/json', query: [] } }],
    ['version-looking name is not folded', { given: '/containers/v1.40/json', want: { path: '/containers/v1.40/json', query: [] } }],
    ['bare ping', { given: '/_ping', want: { path: '/_ping', query: [] } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(foldUrl(given)).toEqual(want);
  });
});
