import { describe, expect, it } from 'vitest';
import { canonicalRequest } from './canonical-request.js';

const op = (method: string, target: string) => {
  const r = canonicalRequest(method, target);
  return r.ok ? r.operation?.operation.operationId ?? 'unknown' : `refused: ${r.reason}`;
};

describe('canonicalRequest', () => {
  it.each([
    ['POST', '/v1.40/containers/create', 'ContainerCreate'],
    ['POST', '/containers/create?name=x', 'ContainerCreate'],
    ['POST', '/v1.24/containers/create', 'ContainerCreate'],
    ['GET', '/v1.41/containers/abc/json', 'ContainerInspect'],
    ['GET', '/v1.40/containers/My_Ctr/json', 'ContainerInspect'],
    ['GET', '/v1.40/images/library/busybox:latest/json', 'ImageInspect'],
    ['GET', '/_ping', 'SystemPing'],
    ['POST', '/v1.40/grpc', 'unknown'],
  ])('%s %s is %s', (method, target, want) => {
    expect(op(method, target)).toBe(want);
  });

  // Each target reaches ContainerCreate in the daemon (or might): the policy refuses to guess.
  it.each([
    ['//containers/create', /empty segment/],
    ['/v1.40//containers/create', /empty segment/],
    ['/v1.40/../v1.40/containers/create', /'\.' or '\.\.' segment/],
    ['/v1.40/./containers/create', /'\.' or '\.\.' segment/],
    ['/v1.40/containers/create/', /ends with a slash/],
    ['/v1.40/containers%2Fcreate', /encoded slash/],
    ['/v1.40/%2563ontainers/create', /twice/],
    ['/v1.40/containers/create;x=1', /';'/],
    ['/v1.40/containers/create%00', /NUL/],
    ['/v1.40/containers/cre%zzate', /malformed/],
    ['/v1.23/containers/create', /older than the policy accepts \(1\.24\)/],
    ['/v9.99/containers/create', /newer than the policy accepts/],
    ['/v1.40.0/containers/create', /not vMAJOR\.MINOR/],
    ['/v1/containers/create', /not vMAJOR\.MINOR/],
    ['/V1.40/CONTAINERS/CREATE', /another letter case/],
    ['/v1.40/Containers/create', /another letter case/],
    ['http://docker/v1.40/containers/create', /not a path/],
  ])('refuses %s', (target, reason) => {
    expect(op('POST', target)).toMatch(reason);
  });

  it('decodes percent-encoded letters as the daemon does, so rules still see the operation', () => {
    expect(op('POST', '/v1.40/%63ontainers/create')).toBe('ContainerCreate');
  });

  it('refuses a method in lower case', () => {
    expect(op('post', '/v1.40/containers/create')).toMatch(/not upper case/);
  });
});
