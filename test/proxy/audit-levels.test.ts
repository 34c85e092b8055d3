/**
 * Audit levels per policy rule (issue 14), through `docktape proxy --policy FILE --audit
 * --record` against the real daemon: a rule at `none` writes no line, `request` adds the
 * request body, `requestResponse` both, redacted as the recording is (Env names of the
 * defaults, --redact-env and the file's `redact:`), a streamed body left out with the reason;
 * a query parameter named in `redact.query` reaches neither the audit log nor the recording,
 * and the recording still replays that request.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRecordings } from '@docktape/recording';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';
import { startDocktape } from '../../tools/support/docktape-process.js';
import { describeLive } from '../support/live-daemon.js';
import { filesUnder } from '../support/files-under.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';
import { fetchVia } from './support/http-get.js';

interface Body {
  bytes: number;
  text?: string;
  truncated?: boolean;
  omitted?: string;
}
interface Line {
  stage: string;
  method: string;
  path: string;
  operationId: string | null;
  bytes: { up: number; down: number };
  rule: string | null;
  decision: string | null;
  level?: string;
  requestBody?: Body | null;
  responseBody?: Body | null;
}

const POLICY = `version: 1
default: allow
audit: metadata
redact:
  env: [SALT]
  query: [token]
rules:
  - { name: quiet-pings, action: allow, operations: [SystemPing, SystemPingHead], audit: none }
  - { name: no-privileged, action: deny, operations: [ContainerCreate], when: { privileged: true }, audit: request }
  - { name: creates-in-full, action: allow, operations: [ContainerCreate, ContainerInspect, ContainerExport], audit: requestResponse }
  - { name: lists-asked, action: allow, operations: [ContainerList], audit: request }
`;

// values found nowhere else, so a search over every byte the proxy wrote means something
const PIN = 'pin-7f3e9a';
const SALT = 'salt-4c1d2b';
const TOKEN = 'tok-s3cret-91';

describeLive('docktape proxy --policy with audit levels', (daemon) => {
  const tc = useTestContainers(daemon, 'audit-levels');
  const name = tc.name('levels');
  let work: string;
  let lines: Line[];
  const listPath = `/v1.40/containers/json?all=1&token=${TOKEN}&filters=${encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${tc.run}`] }))}`;
  let listed: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-levels-'));
    await writeFile(path.join(work, 'policy.yaml'), POLICY);
    const proxy = await startProxyProcess([
      '--target', daemon.host,
      '--listen', `unix://${work}/proxy.sock`,
      '--policy', path.join(work, 'policy.yaml'),
      '--audit', path.join(work, 'audit.jsonl'),
      '--record', path.join(work, 'rec'),
      '--redact-env', 'PIN',
    ]);
    try {
      const created = await docker(proxy.url, ['create', '--label', `${TEST_LABEL}=${tc.run}`, '--name', name, '-e', `MY_PIN=${PIN}`, '-e', `APP_SALT=${SALT}`, '-e', 'DB_PASSWORD=hunter2', daemon.image, 'true']);
      expect(created.code, created.stderr.toString()).toBe(0);
      const refused = await docker(proxy.url, ['create', '--privileged', '--label', `${TEST_LABEL}=${tc.run}`, '-e', `MY_PIN=${PIN}`, daemon.image, 'true']);
      expect(refused.stderr.toString()).toContain('no-privileged');
      expect((await docker(proxy.url, ['inspect', name])).stdout.toString()).toContain(`MY_PIN=${PIN}`);
      expect((await docker(proxy.url, ['export', '-o', path.join(work, 'fs.tar'), name])).code).toBe(0);
      const list = await fetchVia(proxy.url, listPath);
      expect(list.status).toBe(200);
      listed = list.body!.toString();
      expect((await docker(proxy.url, ['rm', name])).code).toBe(0);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
    lines = (await readFile(path.join(work, 'audit.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const line = (operationId: string, rule?: string) => lines.find((l) => l.operationId === operationId && l.stage === 'ResponseComplete' && (rule === undefined || l.rule === rule))!;

  it('none: the pings the docker CLI sends have no line', () => {
    expect(lines.filter((l) => l.path.endsWith('/_ping'))).toEqual([]);
    expect(lines.filter((l) => l.operationId === 'ContainerDelete')).toHaveLength(1);
  });

  it('metadata: no bodies', () => {
    const rm = line('ContainerDelete');
    expect(rm.level).toBe('metadata');
    expect(rm).not.toHaveProperty('requestBody');
  });

  it('requestResponse: both bodies, redacted; bytes are what crossed the wire', () => {
    const create = line('ContainerCreate', 'creates-in-full');
    expect(create.level).toBe('requestResponse');
    expect(create.requestBody?.text).toContain('"MY_PIN=[redacted by docktape]"');
    expect(create.requestBody?.text).toContain('"APP_SALT=[redacted by docktape]"');
    expect(create.requestBody?.text).toContain('"DB_PASSWORD=[redacted by docktape]"');
    // the redacted text is longer than the body sent: up is the body sent
    expect(create.bytes.up).toBe(create.requestBody!.bytes);
    expect(create.bytes.up).toBeLessThan(Buffer.byteLength(create.requestBody!.text!));
    expect(create.responseBody?.text).toMatch(/"Id":"[0-9a-f]{64}"/);
    const inspect = line('ContainerInspect');
    expect(inspect.requestBody).toBeNull();
    expect(inspect.responseBody?.text).toContain('MY_PIN=[redacted by docktape]');
  });

  it('a refusal counts the body the policy read, and shows it at level request', () => {
    const refused = line('ContainerCreate', 'no-privileged');
    expect(refused).toMatchObject({ level: 'request', decision: 'deny' });
    expect(refused.bytes.up).toBeGreaterThan(0);
    expect(refused.bytes.up).toBe(refused.requestBody!.bytes);
    expect(refused.requestBody?.text).toContain('"Privileged":true');
    expect(refused.requestBody?.text).toContain('"MY_PIN=[redacted by docktape]"');
  });

  it('a streamed body is left out, with the reason and its size', () => {
    const exported = line('ContainerExport');
    expect(exported.responseBody).toMatchObject({ omitted: expect.stringMatching(/streamed/) });
    expect(exported.responseBody!.bytes).toBe(exported.bytes.down);
    expect(exported.bytes.down).toBeGreaterThan(0);
  });

  it('request: the request body only (none here), and the redacted query parameter nowhere', () => {
    const list = line('ContainerList');
    expect(list.level).toBe('request');
    expect(list.requestBody).toBeNull();
    expect(list).not.toHaveProperty('responseBody');
    expect(list.path).toContain('token=%5Bredacted%20by%20docktape%5D');
  });

  it('no file the proxy wrote holds a secret, and the recording replays the request with the redacted query', async () => {
    for (const file of (await filesUnder(work)).filter((f) => !f.endsWith('proxy.sock') && !f.endsWith('fs.tar') && !f.endsWith('policy.yaml'))) {
      const bytes = await readFile(file);
      for (const secret of [PIN, SALT, TOKEN, 'hunter2']) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
    }
    const entries = (await readRecordings(path.join(work, 'rec'))).flatMap((r) => r.entries);
    const list = entries.find((e) => e.request.url.includes('/containers/json'))!;
    expect(list._redacted).toEqual([{ where: 'request.url', at: ['token'] }]);
    expect(list.request.queryString).toContainEqual({ name: 'token', value: '[redacted by docktape]' });
    const replay = await startDocktape(['replay', '--fixtures', path.join(work, 'rec'), '--listen', `unix://${work}/replay.sock`], 'replay');
    try {
      const again = await fetchVia(replay.url, listPath);
      expect(again.status).toBe(200);
      expect(again.body!.toString()).toBe(listed);
    } finally {
      await replay.stop();
    }
  });
});
