import { describe, expect, it } from 'vitest';
import { operationOf } from './operation-of.js';

describe('operationOf', () => {
  const cases: [string, string, string | undefined][] = [
    ['GET', '/v1.40/containers/json?all=1', 'ContainerList'],
    ['POST', '/v1.40/containers/create?name=x', 'ContainerCreate'],
    ['POST', '/containers/prune', 'ContainerPrune'],
    ['GET', '/v1.41/containers/abc/json', 'ContainerInspect'],
    ['GET', '/containers/abc/attach/ws', 'ContainerAttachWebsocket'],
    ['POST', '/containers/abc/attach', 'ContainerAttach'],
    ['HEAD', '/containers/abc/archive?path=/x', 'ContainerArchiveInfo'],
    ['GET', '/containers/abc/archive?path=/x', 'ContainerArchive'],
    ['PUT', '/containers/abc/archive?path=/x', 'PutContainerArchive'],
    ['DELETE', '/containers/abc?force=1', 'ContainerDelete'],
    ['POST', '/exec/e1/start', 'ExecStart'],
    ['HEAD', '/_ping', 'SystemPingHead'],
    ['GET', '/images/json', undefined],
  ];
  it.each(cases)('%s %s', (method, path, want) => expect(operationOf(method, path)).toBe(want));
});
