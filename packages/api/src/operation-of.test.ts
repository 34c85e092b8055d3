import { describe, expect, it } from 'vitest';
import { findOperation, operationById, operationIdOf } from './operation-of.js';
import { OPERATIONS } from './generated/operations.js';

describe('findOperation', () => {
  it.each([
    // the 25 container operations of ENDPOINTS.md, with and without a version prefix
    ['GET', '/v1.40/containers/json?all=1', 'ContainerList'],
    ['POST', '/containers/create?name=x', 'ContainerCreate'],
    ['GET', '/v1.40/containers/abc/json', 'ContainerInspect'],
    ['GET', '/containers/abc/top', 'ContainerTop'],
    ['GET', '/containers/abc/logs?follow=1', 'ContainerLogs'],
    ['GET', '/containers/abc/changes', 'ContainerChanges'],
    ['GET', '/containers/abc/export', 'ContainerExport'],
    ['GET', '/containers/abc/stats', 'ContainerStats'],
    ['POST', '/containers/abc/resize?h=1&w=2', 'ContainerResize'],
    ['POST', '/containers/abc/start', 'ContainerStart'],
    ['POST', '/containers/abc/stop', 'ContainerStop'],
    ['POST', '/containers/abc/restart', 'ContainerRestart'],
    ['POST', '/containers/abc/kill', 'ContainerKill'],
    ['POST', '/containers/abc/update', 'ContainerUpdate'],
    ['POST', '/containers/abc/rename', 'ContainerRename'],
    ['POST', '/containers/abc/pause', 'ContainerPause'],
    ['POST', '/containers/abc/unpause', 'ContainerUnpause'],
    ['POST', '/v1.40/containers/abc/attach?stream=1', 'ContainerAttach'],
    ['GET', '/containers/abc/attach/ws', 'ContainerAttachWebsocket'],
    ['POST', '/containers/abc/wait?condition=next-exit', 'ContainerWait'],
    ['DELETE', '/containers/abc?force=1', 'ContainerDelete'],
    ['HEAD', '/containers/abc/archive?path=/etc', 'ContainerArchiveInfo'],
    ['GET', '/containers/abc/archive?path=/etc', 'ContainerArchive'],
    ['PUT', '/containers/abc/archive?path=/tmp', 'PutContainerArchive'],
    ['POST', '/containers/prune', 'ContainerPrune'],
    // literal templates win over parameters: a container called "prune" cannot be asked this way
    ['GET', '/images/json', 'ImageList'],
    ['GET', '/images/get?names=x', 'ImageGetAll'],
    // image names hold slashes
    ['GET', '/v1.40/images/library/busybox/get', 'ImageGet'],
    ['GET', '/images/registry:5000/team/app/json', 'ImageInspect'],
    ['POST', '/exec/e1/start', 'ExecStart'],
    ['HEAD', '/_ping', 'SystemPingHead'],
    ['get', 'http://docker/v1.40/version', 'SystemVersion'],
  ])('%s %s is %s', (method, url, want) => {
    expect(operationIdOf(method, url)).toBe(want);
  });

  it.each([
    ['unknown path', 'GET', '/containers/abc/nope'],
    ['wrong method', 'PUT', '/containers/json'],
    ['a version prefix that is not a segment', 'GET', '/v1.40x/containers/json'],
    ['an id with a slash', 'GET', '/containers/a/b/json'],
  ])('%s is no operation', (_name, method, url) => {
    expect(findOperation(method, url)).toBeUndefined();
  });

  it('gives the version and the decoded parameters', () => {
    expect(findOperation('GET', '/v1.41/images/my%2Fname/get')).toMatchObject({
      operation: { operationId: 'ImageGet', transport: 'stream', tar: 'response' },
      params: { name: 'my/name' },
      version: '1.41',
    });
  });
});

describe('the generated table', () => {
  it.each([
    ['ContainerAttach', { transport: 'hijack', tag: 'Container' }],
    ['ExecStart', { transport: 'hijack', tag: 'Exec' }],
    ['ContainerAttachWebsocket', { transport: 'websocket' }],
    ['ContainerLogs', { transport: 'stream' }],
    ['ContainerStats', { transport: 'stream' }],
    ['SystemEvents', { transport: 'stream' }],
    ['ContainerExport', { transport: 'stream', tar: 'response' }],
    ['ContainerArchive', { transport: 'stream', tar: 'response' }],
    ['PutContainerArchive', { transport: 'plain', tar: 'request' }],
    ['ContainerWait', { transport: 'plain' }],
    ['ContainerList', { transport: 'plain', method: 'GET', path: '/containers/json' }],
  ])('%s: %o', (id, want) => {
    expect(operationById(id)).toMatchObject(want);
  });

  it('has every operation of the spec once, each found by its own template', () => {
    expect(OPERATIONS.length).toBe(new Set(OPERATIONS.map((r) => r.operationId)).size);
    for (const row of OPERATIONS) {
      const url = row.path.replace(/\{(\w+)\}/g, 'x1');
      expect(operationIdOf(row.method, url), `${row.method} ${url}`).toBe(row.operationId);
    }
  });
});
