import { describe, expect, it } from 'vitest';
import { apiVersionOf, execStartDetached, isHijackEndpoint, isStreamedGet, routeUpgrade, unversionedPath } from './classify-request.js';

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

describe('isStreamedGet', () => {
  it.each([
    ['GET', '/v1.40/containers/abc/export', true],
    ['GET', '/v1.40/containers/abc/archive?path=/etc', true],
    ['GET', '/containers/abc/logs?follow=1&stdout=1', true],
    ['GET', '/v1.40/containers/abc/stats?stream=0', true],
    ['GET', '/v1.40/events?since=1', true],
    ['GET', '/v1.40/images/library/busybox:latest/get', true],
    ['GET', '/v1.40/images/get?names=busybox', true],
    ['HEAD', '/v1.40/containers/abc/archive?path=/etc', false],
    ['PUT', '/v1.40/containers/abc/archive?path=/etc', false],
    ['GET', '/v1.40/containers/abc/json', false],
    ['GET', '/v1.40/containers/abc/logs/extra', false],
    ['GET', '/v1.40/containers/json', false],
  ])('%s %s: %s', (method, url, want) => expect(isStreamedGet(method, url, '1.1', false)).toBe(want));

  it('leaves GETs with a body and HTTP/1.0 requests to the http path', () => {
    expect(isStreamedGet('GET', '/v1.40/containers/abc/export', '1.1', true)).toBe(false);
    expect(isStreamedGet('GET', '/v1.40/containers/abc/export', '1.0', false)).toBe(false);
  });
});
