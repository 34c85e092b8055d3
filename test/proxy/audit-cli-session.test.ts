/**
 * Issue 13, audit log: the docker CLI session of the fixtures (every container command)
 * through `docktape proxy --audit F --validate --record D`, then the audit log read against the
 * recording of the same run: one complete line per exchange, the right operation for each,
 * hijacked sessions logged when they open and when they end, byte counts equal to the
 * recorded bodies and to what the client itself got, and no conformance violation from the
 * real daemon. Without --record, the proxy leaves no file behind but the audit log.
 */
import { mkdir, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRecordings, type HarEntry } from '@docktape/recording';
import { describeLive } from '../support/live-daemon.js';
import { CONTAINER_OPERATIONS } from '../support/container-operations.js';
import { CLI_LABEL, CLI_NAMES, CLI_STEPS } from '../../tools/fixtures/cli-session/cli-steps.js';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';

interface AuditLine {
  auditId: string;
  stage: 'ResponseStarted' | 'ResponseComplete';
  method: string;
  path: string;
  route: string | null;
  operationId: string | null;
  status: number;
  kind: string;
  bytes: { up: number; down: number };
  termination: string | null;
  recordedAs: number | null;
  conformance: { outcome: string; violations: { location: string; severity: string; message: string }[] } | null;
}

const readAudit = async (file: string): Promise<AuditLine[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditLine);

/** Body bytes each way, as the recording holds them (hijacked streams both ways). */
function recordedBytes(entry: HarEntry): { up: number; down: number } {
  const h = entry._hijack;
  return {
    up: Math.max(entry.request.postData?.size ?? entry.request.bodySize, 0) + (h?.clientToDaemon.content.size ?? 0),
    down: Math.max(entry.response.content.size, 0) + (h?.daemonToClient.content.size ?? 0),
  };
}

/** Operations the CLI session drives (attach/ws and resize need a test client, not the CLI). */
const SESSION_OPERATIONS = CONTAINER_OPERATIONS.filter((op) => op !== 'ContainerAttachWebsocket' && op !== 'ContainerResize');

describeLive('docktape proxy --audit --validate, the docker CLI session', (daemon) => {
  let work: string;
  let audit: AuditLine[];
  let entries: HarEntry[];
  let exportStdoutBytes: number;
  let summary: string;
  const removeSessionContainers = () => docker(daemon.host, ['rm', '-f', ...CLI_NAMES]);

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-'));
    await removeSessionContainers();
    await mkdir(path.join(work, 'cli'));
    // a unix socket, as the fixtures are recorded: over TCP the docker CLI does not exit after
    // the session's detach keys (a plain byte relay to the daemon shows the same)
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', `unix://${work}/proxy.sock`, '--audit', path.join(work, 'audit.jsonl'), '--validate', '--record', path.join(work, 'rec')]);
    try {
      for (const step of CLI_STEPS) await step.run(proxy.url, path.join(work, 'cli'));
      // one export more, whose bytes the test itself counts as the client got them
      await docker(proxy.url, ['run', '-d', '--label', CLI_LABEL, '--name', 'dtr-main', daemon.image, 'sleep', '300']);
      const exported = await docker(proxy.url, ['export', 'dtr-main']);
      expect(exported.code).toBe(0);
      exportStdoutBytes = exported.stdout.length;
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
      await removeSessionContainers();
    }
    summary = proxy.stderr();
    audit = await readAudit(path.join(work, 'audit.jsonl'));
    const recordings = await readRecordings(path.join(work, 'rec'));
    expect(recordings).toHaveLength(1);
    entries = recordings[0]!.entries;
  });

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  const complete = () => audit.filter((l) => l.stage === 'ResponseComplete');

  it('writes one complete line per exchange, each naming its recording entry', () => {
    expect(complete().length).toBe(entries.length);
    expect(new Set(complete().map((l) => l.auditId)).size).toBe(entries.length);
    expect(complete().map((l) => l.recordedAs).sort((a, b) => a! - b!)).toEqual(entries.map((e) => e._seq).sort((a, b) => a - b));
  });

  it('names the operation of every exchange, and every container operation the session drives', () => {
    for (const line of complete()) {
      const entry = entries.find((e) => e._seq === line.recordedAs)!;
      expect(`${line.method} ${line.path}`).toBe(`${entry.request.method} ${new URL(entry.request.url).pathname}${new URL(entry.request.url).search}`);
      // every path the session sends is one the spec knows
      expect(line.operationId, line.path).not.toBeNull();
    }
    const byPath = (re: RegExp, method: string) => complete().find((l) => l.method === method && re.test(l.path));
    expect(byPath(/^\/v1\.40\/containers\/dtr-main\/json$/, 'GET')).toMatchObject({ operationId: 'ContainerInspect', route: '/containers/{id}/json' });
    expect(byPath(/^\/v1\.40\/containers\/dtr-main\/export$/, 'GET')).toMatchObject({ operationId: 'ContainerExport', kind: 'stream' });
    expect(byPath(/^\/v1\.40\/containers\/[^/]+\/archive\?/, 'PUT')).toMatchObject({ operationId: 'PutContainerArchive' });
    expect(byPath(/^\/v1\.40\/exec\/[0-9a-f]+\/start$/, 'POST')).toMatchObject({ operationId: 'ExecStart', kind: 'hijack' });
    const seen = new Set(complete().map((l) => l.operationId));
    expect(SESSION_OPERATIONS.filter((op) => !seen.has(op))).toEqual([]);
  });

  it('logs each hijacked session when it opens and when it ends', () => {
    const hijacks = complete().filter((l) => l.kind === 'hijack');
    expect(hijacks.length).toBeGreaterThanOrEqual(4); // exec, exec -i, run -i, attach at least
    for (const done of hijacks) {
      const openedAt = audit.findIndex((l) => l.stage === 'ResponseStarted' && l.auditId === done.auditId);
      expect(openedAt, done.path).toBeGreaterThanOrEqual(0);
      expect(openedAt).toBeLessThan(audit.indexOf(done));
      expect(audit[openedAt]).toMatchObject({ status: done.status, operationId: done.operationId, termination: null });
      expect(done.termination).toBe('upgraded_closed');
    }
    // and no session opened without ending
    const opened = audit.filter((l) => l.stage === 'ResponseStarted');
    expect(opened.map((l) => l.auditId).sort()).toEqual(hijacks.map((l) => l.auditId).sort());
  });

  it('counts the bytes the client got, both directions of a hijack included', () => {
    for (const line of complete()) {
      const entry = entries.find((e) => e._seq === line.recordedAs)!;
      expect(line.bytes, line.path).toEqual(recordedBytes(entry));
    }
    const exports = complete().filter((l) => l.operationId === 'ContainerExport');
    expect(exports.at(-1)!.bytes.down).toBe(exportStdoutBytes);
    // the piped stdin of `docker exec -i` went up through the hijack
    const execIn = complete().filter((l) => l.operationId === 'ExecStart' && l.bytes.up >= 'piped line 1\npiped line 2\n'.length);
    expect(execIn.length).toBeGreaterThanOrEqual(1);
  });

  it('says at exit how many exchanges and violations, and where both files are', () => {
    const violations = complete().reduce((n, l) => n + (l.conformance?.outcome === 'violations' ? l.conformance.violations.filter((v) => v.severity === 'error').length : 0), 0);
    expect(summary).toMatch(new RegExp(`SIGTERM: ${entries.length} exchanges, .*, ${violations} conformance violations?, recorded in \\S+\\.har .*audit log \\S+audit\\.jsonl: ${audit.length} lines, 0 dropped`));
  });

  // Container and exec operations: the contract this session is about. (SystemInfo, which
  // `docker run` asks, answers null for some arrays: drift for the errata overlay, reported.)
  it('finds no conformance violation in the real daemon’s answers to container and exec operations', () => {
    const checked = complete().filter((l) => l.conformance !== null);
    expect(checked.length).toBeGreaterThan(0);
    const ours = (l: AuditLine) => CONTAINER_OPERATIONS.includes(l.operationId!) || l.operationId!.startsWith('Exec');
    const violations = checked.filter((l) => ours(l) && l.conformance!.outcome === 'violations').map((l) => [l.operationId, l.status, l.conformance!.violations]);
    expect(violations).toEqual([]);
    expect(complete().find((l) => l.operationId === 'ContainerInspect' && l.status === 200)!.conformance!.outcome).toBe('valid');
    // the recording says the same
    const inspect = entries.find((e) => e.response.status === 200 && /\/containers\/dtr-main\/json$/.test(e.request.url))!;
    expect(inspect._conformance).toMatchObject({ outcome: 'valid' });
  });
});

describeLive('docktape proxy --audit without --record', (daemon) => {
  let work: string | undefined;
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('stores no body anywhere: the audit log is the only file the proxy leaves', async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-norec-'));
    const tmp = path.join(work, 'tmp');
    const logs = path.join(work, 'logs');
    await Promise.all([tmp, logs].map((d) => mkdir(d)));
    const name = `dt-audit-norec-${process.pid}`;
    // temporary files (spilled bodies) would land in TMPDIR: give the proxy its own
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', path.join(logs, 'audit.jsonl'), '--validate'], {
      ...process.env,
      TMPDIR: tmp,
    });
    let stopped = false;
    try {
      expect((await docker(proxy.url, ['run', '-d', '--label', 'org.docktape.test=audit-norec', '--name', name, daemon.image, 'sleep', '300'])).code).toBe(0);
      const exported = await docker(proxy.url, ['export', name]);
      expect(exported.stdout.length).toBeGreaterThan(1024 * 1024);
      expect((await docker(proxy.url, ['exec', '-i', name, 'cat'], { input: 'secret stdin\n' })).stdout.toString()).toBe('secret stdin\n');
      expect((await docker(proxy.url, ['inspect', name])).code).toBe(0);
      // the proxy's open files while it runs: sockets and the audit log, nothing else on disk
      const fds = await readdir(`/proc/${proxy.child.pid}/fd`);
      const files = (await Promise.all(fds.map((fd) => readlink(`/proc/${proxy.child.pid}/fd/${fd}`).catch(() => '')))).filter((t) => t.startsWith('/'));
      expect(files.filter((f) => f.startsWith(work!))).toEqual([path.join(logs, 'audit.jsonl')]);
      expect(await proxy.stop('SIGTERM')).toBe(0);
      stopped = true;
    } finally {
      if (!stopped) await proxy.stop('SIGKILL');
      await docker(daemon.host, ['rm', '-f', name]);
    }
    expect(await readdir(tmp, { recursive: true })).toEqual([]);
    expect(await readdir(logs, { recursive: true })).toEqual(['audit.jsonl']);
    const lines = await readAudit(path.join(logs, 'audit.jsonl'));
    const exportLine = lines.find((l) => l.operationId === 'ContainerExport')!;
    expect(exportLine).toMatchObject({ recordedAs: null, termination: 'complete' });
    expect(exportLine.bytes.down).toBeGreaterThan(1024 * 1024);
    // the log holds sizes, never the bodies themselves
    const log = await readFile(path.join(logs, 'audit.jsonl'), 'utf8');
    expect(log).not.toContain('secret stdin');
    expect(proxy.stderr()).toMatch(/nothing recorded, audit log \S+: \d+ lines, 0 dropped/);
  });
});
