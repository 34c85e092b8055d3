import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFacts } from './body-facts.js';
import { resolveFacts, resolveHostPath } from './resolve-host-paths.js';

let root: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'docktape-paths-')));
  await mkdir(path.join(root, 'srv', 'data'), { recursive: true });
  await symlink('/etc', path.join(root, 'srv', 'data', 'link'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveHostPath', () => {
  it('follows symlinks, also under a part that does not exist yet', () => {
    expect(resolveHostPath(path.join(root, 'srv/data/link'))).toBe('/etc');
    expect(resolveHostPath(path.join(root, 'srv/data/link/not-yet/x'))).toBe('/etc/not-yet/x');
    expect(resolveHostPath(path.join(root, 'srv/data/new'))).toBe(path.join(root, 'srv/data/new'));
  });
  it('normalises dot segments before anything', () => {
    expect(resolveHostPath(`${root}/srv/data/../../../../etc`)).toBe('/etc');
  });
  it('resolveFacts resolves binds locally, only normalises them for a remote daemon', () => {
    const facts = { ...emptyFacts(), bindSources: [path.join(root, 'srv/data/link')], volumeBinds: ['/srv/../etc'] };
    expect(resolveFacts(facts, true)).toMatchObject({ bindSources: ['/etc'], volumeBinds: ['/etc'] });
    expect(resolveFacts(facts, false)).toMatchObject({ bindSources: [path.join(root, 'srv/data/link')], volumeBinds: ['/etc'] });
  });
});
