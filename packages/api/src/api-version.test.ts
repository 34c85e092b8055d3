import { expect, it } from 'vitest';
import { splitApiVersion, versionedPath } from './api-version.js';

it.each([
  ['/v1.40/containers/json', { version: '1.40', path: '/containers/json' }],
  ['/v1.24/_ping?x=1', { version: '1.24', path: '/_ping' }],
  ['/containers/json', { path: '/containers/json' }],
  ['/v1.40', { version: '1.40', path: '/' }],
  ['/v1.40x/containers/json', { path: '/v1.40x/containers/json' }],
  ['/v1/containers/json', { path: '/v1/containers/json' }],
  ['/images/v1.40/json', { path: '/images/v1.40/json' }],
])('splitApiVersion(%s)', (given, want) => {
  expect(splitApiVersion(given)).toEqual(want);
});

it('versionedPath puts the prefix back', () => {
  expect(versionedPath('1.40', '/containers/json')).toBe('/v1.40/containers/json');
});
