/**
 * The policy reads create bodies with its own decoder (packages/policy go-json-*.ts) because the
 * daemon reads them with Go's encoding/json, not JSON.parse. This is the differential test: each
 * tricky body is sent, byte for byte, to the real daemon's create, and what the daemon made of it
 * (inspect's HostConfig) must be what the policy read. A body the daemon refuses (400) must be
 * one the policy refuses to read (the daemon says 500 for a type error, not 400).
 */
import http from 'node:http';
import { expect, it } from 'vitest';
import { readBody } from '@docktape/policy';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';

/** [name, the HostConfig part of a create body as raw JSON text] */
const BODIES: [string, string][] = [
  ['plain', '"HostConfig":{"Privileged":true}'],
  ['other letter case', '"hostconfig":{"PRIVILEGED":true}'],
  ['escaped key', '"HostConfig":{"\\u0050rivileged":true}'],
  ['U+017F in a key', '"Ho\u017ftConfig":{"Privileged":true}'],
  ['second HostConfig merges', '"HostConfig":{"Privileged":true},"HostConfig":{"CpuShares":512}'],
  ['null leaves the bool', '"HostConfig":{"Privileged":true,"Privileged":null}'],
  ['later value wins', '"HostConfig":{"Privileged":true,"privileged":false}'],
  ['null resets the pointer', '"HostConfig":{"Privileged":true},"HostConfig":null,"HostConfig":{}'],
  ['binds element kept by null', '"HostConfig":{"Binds":["/tmp:/host-tmp"],"Binds":[null]}'],
  ['mounts merged element-wise', '"HostConfig":{"Mounts":[{"Type":"bind","Source":"/tmp"}],"Mounts":[{"Target":"/x"}]}'],
  ['CapAdd as a string', '"HostConfig":{"CapAdd":"SYS_ADMIN"}'],
  ['PidMode host', '"HostConfig":{"PidMode":"host"}'],
  ['wrong type', '"HostConfig":{"Privileged":"true"}'],
];

function rawCreate(host: string, body: string): Promise<{ status: number; text: string }> {
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  const target = url.protocol === 'unix:' ? { socketPath: url.pathname } : { host: url.hostname, port: Number(url.port) };
  return new Promise((resolve, reject) => {
    const req = http.request({ ...target, method: 'POST', path: '/v1.40/containers/create', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject).end(body);
  });
}

describeLive('the policy reads create bodies as the daemon does (differential)', (daemon) => {
  const tc = useTestContainers(daemon, 'go-json');

  it.each(BODIES)('%s', async (_name, hostConfig) => {
    const body = `{"Image":${JSON.stringify(daemon.image)},"Cmd":["true"],"Labels":{"${TEST_LABEL}":"${tc.run}"},${hostConfig}}`;
    const read = readBody('ContainerCreate', body);
    const created = await rawCreate(daemon.host, body);
    if (created.status !== 201) {
      // Docker 20.10 answers a type error with 500, not 400: refused either way
      expect(created.status, created.text).toBeGreaterThanOrEqual(400);
      expect(read.ok).toBe(false);
      return;
    }
    expect(read.ok, read.ok ? '' : read.reason).toBe(true);
    if (!read.ok) return;
    const id = (JSON.parse(created.text) as { Id: string }).Id;
    const h = (await tc.client.containers.inspect(id)).HostConfig!;
    const mounts = (h.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => m.Source);
    const binds = (h.Binds ?? []).map((b) => b.split(':')[0]);
    expect({
      privileged: read.facts.privileged,
      bindSources: read.facts.bindSources,
      capAdd: read.facts.capAdd,
      hostNamespaces: read.facts.hostNamespaces,
    }).toEqual({
      privileged: h.Privileged ?? false,
      bindSources: [...binds, ...mounts],
      capAdd: h.CapAdd ?? [],
      hostNamespaces: h.PidMode === 'host' ? ['PidMode'] : [],
    });
  });
});
