/**
 * Evidence for spec/errata.overlay.yaml: real daemon responses to the container operations are
 * validated against the upstream document (converted to OpenAPI 3) and against our patched one.
 * Each erratum must be needed (upstream rejects the daemon's answer where the erratum says) and
 * the patched document must accept every answer.
 */
import { beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPatchedSpec, type PatchedSpec } from '../../tools/codegen/pipeline.js';
import { createResponseValidator, type SchemaViolation } from '../../tools/codegen/response-validator.js';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Sample {
  what: string;
  path: string;
  method: string;
  status: number;
  body: unknown;
}

describeLive('spec errata (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'errata');
  const { api, containers } = tc.client;
  const samples: Sample[] = [];
  let spec: PatchedSpec;
  let stats: unknown;
  let pathStat: unknown;

  beforeAll(async () => {
    spec = await buildPatchedSpec(repoRoot);
    const id = await tc.create({ HostConfig: { LogConfig: { Type: 'local', Config: {} } }, ExposedPorts: { '80/tcp': {} } });
    const add = (what: string, p: string, method: string, status: number, body: unknown) => samples.push({ what, path: p, method, status, body });

    add('inspect (created)', '/containers/{id}/json', 'get', 200, await containers.inspect(id));
    add('changes (untouched)', '/containers/{id}/changes', 'get', 200, await containers.changes(id));
    await containers.start(id);
    add('inspect (running)', '/containers/{id}/json', 'get', 200, await containers.inspect(id));
    add('list', '/containers/json', 'get', 200, await containers.list({ filters: { id: [id] } }));
    add('top', '/containers/{id}/top', 'get', 200, await containers.top(id));
    add('update', '/containers/{id}/update', 'post', 200, await containers.update(id, { CpuShares: 512 }));
    const one = await api.GET('/containers/{id}/stats', { params: { path: { id }, query: { stream: false } } });
    stats = one.data;
    const head = await api.HEAD('/containers/{id}/archive', { params: { path: { id }, query: { path: '/bin' } } });
    pathStat = JSON.parse(Buffer.from(head.response.headers.get('x-docker-container-path-stat') ?? '', 'base64').toString('utf8'));
    await containers.kill(id);
    add('wait', '/containers/{id}/wait', 'post', 200, await containers.wait(id));
    add('inspect (exited)', '/containers/{id}/json', 'get', 200, await containers.inspect(id));
    add('info', '/info', 'get', 200, (await api.GET('/info')).data);
    add('prune (nothing)', '/containers/prune', 'post', 200, await containers.prune({ filters: { label: [`org.docktape.none=${tc.run}`] } }));
  });

  it('every real answer validates against the patched document', () => {
    const patched = createResponseValidator(spec.document);
    const failures = samples.flatMap((s) => patched.response(s.path, s.method, s.status, s.body).map((v) => `${s.what}: ${v.instancePath} ${v.message}`));
    expect(failures).toEqual([]);
  });

  it('every erratum with an x-instance is needed: upstream rejects the daemon there', () => {
    const original = createResponseValidator(spec.original);
    const upstreamViolations: SchemaViolation[] = samples.flatMap((s) => original.response(s.path, s.method, s.status, s.body));
    const seen = new Set(upstreamViolations.map((v) => v.instancePath.replace(/^\/\d+/, '')));
    const claimed = spec.overlay.actions.flatMap((a) => ((a['x-instance'] as string[] | undefined) ?? []).map((p) => `${String(a['x-erratum'])} ${p}`));
    expect(claimed.length).toBeGreaterThan(10);
    const unproven = [...new Set(claimed)].filter((c) => !seen.has(c.slice(c.indexOf(' ') + 1)));
    expect(unproven).toEqual([]);
  });

  it('a stats sample matches ContainerStatsResponse (upstream has no schema for it)', () => {
    const patched = createResponseValidator(spec.document);
    expect(stats).toMatchObject({ read: expect.any(String), cpu_stats: expect.any(Object), memory_stats: expect.any(Object) });
    expect(patched.component('ContainerStatsResponse', stats)).toEqual([]);
    expect(patched.response('/containers/{id}/stats', 'get', 200, stats)).toEqual([]);
  });

  it('the archive stat header decodes to a ContainerPathStat with the directory bit set for /bin', () => {
    const patched = createResponseValidator(spec.document);
    expect(patched.component('ContainerPathStat', pathStat)).toEqual([]);
    expect(pathStat).toMatchObject({ name: 'bin' });
    expect(((pathStat as { mode: number }).mode & 2 ** 31) !== 0).toBe(true);
  });
});
