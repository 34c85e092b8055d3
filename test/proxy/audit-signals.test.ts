/**
 * Issue 13, the audit log as an operator runs it: logrotate moves the file and sends SIGHUP,
 * and the next lines land in a new file at the same path; an audit path the proxy cannot
 * write stops it at start (exit 1, the path and the reason named), before it listens.
 */
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { describeLive } from '../support/live-daemon.js';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';

const operations = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { operationId: string | null }).operationId);

describeLive('docktape proxy --audit and signals', (daemon) => {
  let work: string | undefined;
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('reopens the audit file on SIGHUP: lines after the rotation land in the new file', async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-hup-'));
    const file = path.join(work, 'audit.jsonl');
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', file]);
    try {
      expect((await docker(proxy.url, ['ps', '-q', '--filter', 'label=org.docktape.none=1'])).code).toBe(0);
      // lines are written as exchanges finish, never awaited: wait until they are in
      await vi.waitFor(async () => expect(await operations(file)).toContain('ContainerList'));
      await rename(file, `${file}.1`);
      proxy.child.kill('SIGHUP');
      // the proxy has reopened once the path exists again
      await vi.waitFor(() => stat(file), { timeout: 20_000 });
      expect((await docker(proxy.url, ['version', '--format', '{{.Server.APIVersion}}'])).code).toBe(0);
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
    }
    const before = await operations(`${file}.1`);
    const after = await operations(file);
    expect(before).toContain('ContainerList');
    expect(before).not.toContain('SystemVersion');
    expect(after).toContain('SystemVersion');
    expect(after).not.toContain('ContainerList');
    // the summary counts the lines of both files
    expect(proxy.stderr()).toContain(`audit log ${file}: ${before.length + after.length} lines, 0 dropped`);
  });

  it('writes the audit log to stdout with --audit -, after the ready line', async () => {
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', '-']);
    let out = '';
    proxy.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      expect((await docker(proxy.url, ['ps', '-q', '--filter', 'label=org.docktape.none=1'])).code).toBe(0);
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
    }
    const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { operationId: string | null });
    expect(lines.map((l) => l.operationId)).toEqual(['SystemPingHead', 'ContainerList']);
    expect(proxy.stderr()).toContain('audit log stdout: 2 lines, 0 dropped');
  });

  it('goes on serving when the audit log’s disk is full: said once, lines counted as dropped', async () => {
    // /dev/full opens and fails every write with ENOSPC, as a full disk does
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', '/dev/full']);
    try {
      for (let i = 0; i < 3; i++) expect((await docker(proxy.url, ['ps', '-q', '--filter', 'label=org.docktape.none=1'])).code).toBe(0);
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
    }
    const stderr = proxy.stderr();
    expect(stderr.match(/audit log \/dev\/full failed.*ENOSPC/g)).toHaveLength(1);
    // 3 x (ping + list): lines handed to the stream before the failure showed, the rest dropped
    const [, written, dropped] = /6 exchanges, .*audit log \/dev\/full: (\d+) lines?, (\d+) dropped/.exec(stderr) ?? [];
    expect(Number(written) + Number(dropped)).toBe(6);
    expect(Number(written)).toBeGreaterThanOrEqual(1);
  });

  it('names a unix socket client as such (no peer credentials from Node)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-unix-'));
    try {
      const file = path.join(dir, 'audit.jsonl');
      const proxy = await startProxyProcess(['--target', daemon.host, '--listen', `unix://${path.join(dir, 'p.sock')}`, '--audit', file]);
      try {
        expect((await docker(proxy.url, ['ps', '-q', '--filter', 'label=org.docktape.none=1'])).code).toBe(0);
      } finally {
        expect(await proxy.stop('SIGTERM')).toBe(0);
      }
      const clients = (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { client: unknown }).client);
      expect(clients).toEqual([
        { transport: 'unix', pid: null, uid: null },
        { transport: 'unix', pid: null, uid: null },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a folder that does not exist', '/nonexistent-docktape-dir/audit.jsonl', /ENOENT/],
    ['a directory', os.tmpdir(), /EISDIR/],
  ])('refuses to start with an audit path it cannot write: %s', async (_name, file, reason) => {
    const started = startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', file]);
    await expect(started).rejects.toThrow(/exited with 1 before it was ready/);
    await expect(started).rejects.toThrow(new RegExp(`docktape proxy: cannot write the audit log ${file.replace(/[/.]/g, '\\$&')}: .*${reason.source}`));
  });
});
