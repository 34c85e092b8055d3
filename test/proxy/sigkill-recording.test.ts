/**
 * A proxy killed with SIGKILL mid-recording leaves every finished exchange readable: the
 * journal holds each one as a whole line whose sidecar bodies are already in place, while a
 * stream still open at the kill is simply absent. finalizeJournal turns it into a .har.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { finalizeJournal, readBody, readRecording, readRecordings, type HarEntry } from '@docktape/recording';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';
import { hostPort } from './support/raw-http.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeLive('recording survives SIGKILL', (daemon) => {
  const containers = useTestContainers(daemon, 'proxy-sigkill');
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every finished exchange, bodies intact, after kill -9 during an open stream', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-kill-'));
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--record', dir]);
    const { host, port } = hostPort(proxy.url);
    const get = (p: string) =>
      new Promise<Buffer>((resolve, reject) =>
        http
          .get({ host, port, path: p }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
          })
          .on('error', reject),
      );

    const id = await containers.create({ Cmd: ['sh', '-c', 'while true; do echo alive; sleep 0.2; done'] });
    await containers.client.containers.start(id);
    await get('/_ping');
    await get('/v1.40/containers/json');
    const exported = await get(`/v1.40/containers/${id}/export`);
    const run = await docker(proxy.url, ['run', '--rm', '-i', '--label', `org.docktape.test=${containers.run}`, daemon.image, 'cat'], { input: 'kept\n' });
    expect(run.stdout.toString()).toBe('kept\n');

    // an endless stream is open when the proxy dies
    const open = http.get({ host, port, path: `/v1.40/containers/${id}/logs?follow=1&stdout=1` });
    open.on('error', () => undefined);
    await new Promise((resolve) => open.on('response', (res) => res.once('data', resolve)));

    const finished = (entries: HarEntry[]) =>
      ['/_ping', '/containers/json', '/export', '/attach'].every((suffix) => entries.some((e) => new URL(e.request.url).pathname.endsWith(suffix)));
    // Entries are appended once each exchange is over: wait until the four are in the journal.
    await vi.waitFor(
      async () => {
        const [recording] = await readRecordings(dir!);
        expect(finished(recording?.entries ?? [])).toBe(true);
      },
      { timeout: 60_000, interval: 50 },
    );

    proxy.child.kill('SIGKILL');
    await new Promise((resolve) => proxy.child.once('exit', resolve));
    open.destroy();

    const [journal] = await readRecordings(dir);
    expect(journal!.fromJournal).toBe(true);
    expect(journal!.file.endsWith('.har.jsonl')).toBe(true);
    expect(finished(journal!.entries)).toBe(true);
    expect(journal!.entries.some((e) => e.request.url.includes('/logs?follow=1'))).toBe(false);
    const exportEntry = journal!.entries.find((e) => e.request.url.endsWith('/export'))!;
    expect(sha(await readBody(journal!.file, exportEntry.response.content))).toBe(sha(exported));
    const attach = journal!.entries.find((e) => new URL(e.request.url).pathname.endsWith('/attach'))!;
    expect(attach._hijack!.clientToDaemon.content.text).toBe('kept\n');
    expect((await readdir(path.join(dir, 'blobs'))).filter((n) => n.startsWith('.tmp'))).toEqual([]);

    // the journal converts into a finished HAR with the same entries
    const har = await finalizeJournal(journal!.file);
    const finalized = await readRecording(har);
    expect(finalized.fromJournal).toBe(false);
    expect(finalized.entries).toEqual(journal!.entries);
  });
});
