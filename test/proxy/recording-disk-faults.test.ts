/**
 * Issue 10, recording faults: the record folder fills up, is removed, or is made read-only
 * while the proxy runs. Whatever happens to the recording, traffic goes on untouched (every
 * client gets the daemon's bytes, byte for byte), the proxy warns once on stderr naming the
 * path and the error, stops recording, marks the recording incomplete where it can still write
 * (`_docktape.incomplete`), and what was finished before the fault stays readable, sidecar
 * bodies included. Exit code 1 and a closing line say the recording is not whole.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, access } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { readBody, readRecordings, type HarEntry, type RecordedContent, type Recording } from '@docktape/recording';
import { describeLive } from '../support/live-daemon.js';
import { mountTmpfs, requireRoot, setImmutable, unmountIfMounted } from '../support/fault-fs.js';
import { useTestContainers } from '../support/test-containers.js';
import { fetchVia } from './support/http-get.js';
import { docker, DOCKTAPE_BIN, startProxyProcess, type ProxyProcess } from '../../tools/support/proxy-process.js';

const WARNING = /^docktape proxy: recording stopped/;
/** The warning lines on the proxy's stderr: there must be exactly one. */
const warnings = (stderr: string) => stderr.split('\n').filter((line) => WARNING.test(line));

function contentsOf(entry: HarEntry): RecordedContent[] {
  const list = [entry.response.content];
  if (entry.request.postData) list.push(entry.request.postData);
  if (entry._hijack) list.push(entry._hijack.clientToDaemon.content, entry._hijack.daemonToClient.content);
  return list;
}

const pathOf = (entry: HarEntry) => new URL(entry.request.url).pathname;

describeLive('recording faults: the record folder fails while the proxy runs', (daemon) => {
  const containers = useTestContainers(daemon, 'disk-faults');
  const mounts: string[] = [];
  let workDir: string;
  /** Stopped container holding a 3 MB random file: its export is a ~5 MiB tar. */
  let bulky: string;
  /** Stopped container that printed 6 MB: its logs are a big multiplexed stream. */
  let chatty: string;

  beforeAll(async () => {
    requireRoot('recording-disk-faults.test.ts');
    // short: the folder also holds a unix socket in no test, but paths in messages stay readable
    workDir = await mkdtemp(path.join(os.tmpdir(), 'dt-dfault-'));
    bulky = await containers.create({ Cmd: ['sh', '-c', 'head -c 3000000 /dev/urandom > /bulk'] });
    chatty = await containers.create({ Cmd: ['sh', '-c', 'yes 0123456789abcdef | head -c 6000000'] });
    for (const id of [bulky, chatty]) {
      const exit = containers.client.containers.wait(id);
      await containers.client.containers.start(id);
      expect((await exit).StatusCode).toBe(0);
    }
    // The daemon's log copier may still be writing when wait returns (seen at load 8: two reads
    // of the logs at once gave 4.46 and 4.64 MB): they are whole once all 6,000,000 bytes of
    // stdout are in, plus their 8-byte frame headers.
    await vi.waitFor(async () => expect((await fetchVia(daemon.host, `/v1.40/containers/${chatty}/logs?stdout=1&stderr=1`)).bytes).toBeGreaterThan(6_000_000), {
      timeout: 60_000,
      interval: 200,
    });
  }, 120_000);

  afterAll(async () => {
    for (const dir of mounts) {
      await setImmutable(dir, false).catch(() => undefined);
      await unmountIfMounted(dir);
    }
    if (workDir) {
      await setImmutable(workDir, false).catch(() => undefined);
      await rm(workDir, { recursive: true, force: true });
    }
  });

  async function tmpfs(name: string, size: string): Promise<string> {
    const dir = path.join(workDir, name);
    await mountTmpfs(dir, size);
    mounts.push(dir);
    return dir;
  }

  /** Exchanges that fit: JSON, an inline text body and a sidecar (a small tar). Waits until they are in the journal. */
  async function trafficBefore(proxy: ProxyProcess, dir: string): Promise<HarEntry[]> {
    const paths = ['/_ping', '/v1.40/version', `/v1.40/containers/${bulky}/json`, `/v1.40/containers/${bulky}/archive?path=/etc/passwd`];
    for (const p of paths) {
      const [via, direct] = await Promise.all([fetchVia(proxy.url, p), fetchVia(daemon.host, p)]);
      expect(via.status).toBe(200);
      expect(via.sha256).toBe(direct.sha256);
    }
    let entries: HarEntry[] = [];
    await vi.waitFor(
      async () => {
        const [recording] = await readRecordings(dir);
        entries = recording?.entries ?? [];
        expect(entries.map((e) => e.request.url.replace(/^http:\/\/[^/]+/, ''))).toEqual(expect.arrayContaining(paths));
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(entries.find((e) => pathOf(e).endsWith('/archive'))!.response.content._file).toMatch(/^blobs\//);
    return entries;
  }

  /**
   * More than the folder can take, all at once: an export and a logs body of several MiB and
   * many small JSON calls; each must reach the client exactly as the daemon sends it.
   */
  async function trafficAfter(proxy: ProxyProcess): Promise<void> {
    const big = [`/v1.40/containers/${bulky}/export`, `/v1.40/containers/${chatty}/logs?stdout=1&stderr=1`];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const small = async () => {
      const inspect = `/v1.40/containers/${bulky}/json`;
      const direct = await fetchVia(daemon.host, inspect);
      for (let i = 0; i < 60; i++) {
        const via = await fetchVia(proxy.url, i % 2 ? inspect : '/_ping', { agent });
        expect(via.status).toBe(200);
        if (i % 2) expect(via.body!.equals(direct.body!)).toBe(true);
        else expect(via.body!.toString()).toBe('OK');
      }
    };
    try {
      await Promise.all([
        ...big.map(async (p) => {
          const [via, direct] = await Promise.all([fetchVia(proxy.url, p), fetchVia(daemon.host, p)]);
          expect(via.status).toBe(200);
          expect(via.bytes).toBeGreaterThan(4_000_000);
          expect({ bytes: via.bytes, sha256: via.sha256 }).toEqual({ bytes: direct.bytes, sha256: direct.sha256 });
        }),
        small(),
        small(),
      ]);
    } finally {
      agent.destroy();
    }
    // and a real client, after the fault
    const ps = await docker(proxy.url, ['ps', '-a', '--filter', `label=org.docktape.test=${containers.run}`, '--format', '{{.ID}}']);
    expect(ps.code).toBe(0);
    expect(ps.stdout.toString()).toContain(bulky.slice(0, 12));
  }

  /** Entries finished before the fault are all there, unchanged, and their sidecars verify. */
  async function expectKept(recording: Recording, before: HarEntry[]): Promise<void> {
    for (const entry of before) {
      const kept = recording.entries.find((e) => e._seq === entry._seq);
      expect(kept).toEqual(entry);
      for (const content of contentsOf(kept!)) await readBody(recording.file, content);
    }
  }

  /** Starts `docktape replay` on the folder and returns its stderr once it is ready and has warned. */
  async function replayWarnings(dir: string): Promise<string> {
    const child = spawn(process.execPath, [DOCKTAPE_BIN, 'replay', '--fixtures', dir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('docktape replay listening on') && resolve());
        void exited.then(([code]) => reject(new Error(`docktape replay exited with ${code} before it was ready: ${stderr}`)));
      });
      await vi.waitFor(() => expect(stderr).toContain('warning'), { timeout: 10_000 });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    return stderr;
  }

  it.each([
    ['O_DIRECT sidecars (default)', []],
    ['buffered sidecars (--buffered-io)', ['--buffered-io']],
  ])(
    'a full disk: traffic untouched, one warning, recording marked incomplete, earlier exchanges readable: %s',
    async (_name, flags) => {
      const dir = await tmpfs(`full${flags.length}`, '2m');
      const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--record', dir, ...flags]);
      const before = await trafficBefore(proxy, dir);

      await trafficAfter(proxy);
      await vi.waitFor(() => expect(warnings(proxy.stderr())).toHaveLength(1), { timeout: 20_000 });
      await trafficAfter(proxy); // a second round: still untouched, still no second warning

      expect(await proxy.stop()).toBe(1);
      const stderr = proxy.stderr();
      expect(warnings(stderr)).toEqual([expect.stringContaining(dir)]);
      expect(warnings(stderr)[0]).toContain('ENOSPC');
      expect(stderr).toMatch(/SIGTERM: recording incomplete/);

      const recordings = await readRecordings(dir);
      expect(recordings).toHaveLength(1);
      const [recording] = recordings;
      expect(recording!.info.incomplete).toMatchObject({ reason: expect.stringContaining('ENOSPC') });
      await expectKept(recording!, before);
      // and replay, serving it, says it is incomplete
      expect(await replayWarnings(dir)).toMatch(/^docktape replay: warning: .* is incomplete: recording stopped at .*ENOSPC/m);
    },
    180_000,
  );

  it('a record folder made read-only (chattr +i, what stops root): traffic untouched, one warning, journal marked incomplete', async () => {
    const dir = await tmpfs('ro', '64m');
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--record', dir]);
    const before = await trafficBefore(proxy, dir);

    await setImmutable(dir, true);
    await trafficAfter(proxy);
    await vi.waitFor(() => expect(warnings(proxy.stderr())).toHaveLength(1), { timeout: 20_000 });

    expect(await proxy.stop()).toBe(1);
    const stderr = proxy.stderr();
    expect(warnings(stderr)).toEqual([expect.stringContaining(dir)]);
    expect(warnings(stderr)[0]).toContain('EPERM');
    // no .har can be made in a folder that takes no new file: the journal is the recording
    expect(stderr).toMatch(/SIGTERM: recording incomplete.*\.har\.jsonl/);

    await setImmutable(dir, false);
    const [recording] = await readRecordings(dir);
    expect(recording!.fromJournal).toBe(true);
    expect(recording!.info.incomplete).toMatchObject({ reason: expect.stringContaining('EPERM') });
    await expectKept(recording!, before);
  }, 180_000);

  it('a record folder removed mid-run: traffic untouched, one warning, and the loss said again on exit', async () => {
    const dir = path.join(workDir, 'removed');
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--record', dir]);
    await trafficBefore(proxy, dir);

    await rm(dir, { recursive: true });
    await trafficAfter(proxy);
    await vi.waitFor(() => expect(warnings(proxy.stderr())).toHaveLength(1), { timeout: 20_000 });

    expect(await proxy.stop()).toBe(1);
    const stderr = proxy.stderr();
    expect(warnings(stderr)).toEqual([expect.stringContaining(dir)]);
    expect(warnings(stderr)[0]).toMatch(/removed|ENOENT/);
    expect(stderr).toMatch(new RegExp(`SIGTERM: .*recording lost: .*${dir}`));
    await expect(access(dir)).rejects.toThrow(/ENOENT/); // nothing was made up in its place
  }, 180_000);
});
