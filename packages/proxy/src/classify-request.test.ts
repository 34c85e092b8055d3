import { describe, expect, it } from 'vitest';
import { apiVersionOf, execStartDetached, isHijackEndpoint, isRawRelayed, routeUpgrade, unversionedPath } from './classify-request.js';

describe('routeUpgrade', () => {
  it.each([
    ['POST', '/v1.40/containers/abc/attach?stream=1', 'tcp', 'hijack'],
    ['POST', '/exec/abc/start', 'tcp', 'hijack'],
    ['POST', '/v1.40/exec/abc/start', 'TCP', 'hijack'],
    ['GET', '/v1.40/containers/abc/attach/ws?stream=1', 'websocket', 'websocket'],
    ['POST', '/v1.40/containers/abc/start', 'tcp', 'hijack'], // unknown upgrades are relayed raw, not dropped
    ['GET', '/_ping', undefined, undefined],
  ] as const)('%s %s (Upgrade: %s) -> %s', (method, url, upgrade, want) => {
    expect(routeUpgrade(method, url, upgrade)).toBe(want);
  });
});

describe('isHijackEndpoint', () => {
  it.each([
    ['POST', '/v1.40/containers/abc/attach', true],
    ['POST', '/containers/my-name/attach?stdin=1', true],
    ['POST', '/v1.24/exec/123/start', true],
    ['GET', '/containers/abc/attach', false],
    ['POST', '/containers/abc/attach/ws', false],
    ['POST', '/containers/abc/start', false],
    ['POST', '/exec/123/resize', false],
  ] as const)('%s %s -> %s', (method, url, want) => expect(isHijackEndpoint(method, url)).toBe(want));
});

describe('paths and versions', () => {
  it.each([
    ['/v1.40/containers/json?all=1', '/containers/json', '1.40'],
    ['/containers/json', '/containers/json', undefined],
    ['/v1.41/_ping', '/_ping', '1.41'],
  ])('%s', (url, path, version) => {
    expect(unversionedPath(url)).toBe(path);
    expect(apiVersionOf(url)).toBe(version);
  });
});

describe('execStartDetached', () => {
  it.each([
    ['{"Detach":true,"Tty":false}', true],
    ['{"Detach":false}', false],
    ['{}', false],
    ['not json', false],
    ['', false],
  ])('%s -> %s', (body, want) => expect(execStartDetached(Buffer.from(body))).toBe(want));
});

describe('isRawRelayed', () => {
  it.each([
    ['GET', '1.1', false, true],
    ['HEAD', '1.1', false, true],
    ['GET', '1.1', true, false],
    ['GET', '1.0', false, false],
    ['POST', '1.1', false, false],
    ['PUT', '1.1', true, false],
    ['DELETE', '1.1', false, false],
  ])('%s HTTP/%s, body %s: %s', (method, version, body, want) => expect(isRawRelayed(method, version, body)).toBe(want));
});

