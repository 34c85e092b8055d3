/**
 * `npx docktape proxy ...` stopped with SIGTERM sent to npm: npm passes the signal to the
 * `sh -c` it runs the bin through, which does not pass it on. Without care the proxy is
 * orphaned and keeps listening; it must instead finish the recording and exit.
 * No daemon needed: the proxy starts without reaching its target.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from './support/proxy-process.js';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(true));
  });

it('SIGTERM to npm exec finishes the recording and frees the port', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-npx-'));
  const npm = spawn('npm', ['exec', '--', 'docktape', 'proxy', '--target', 'unix:///nonexistent/docker.sock', '--listen', '127.0.0.1:0', '--record', dir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    npm.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    npm.once('exit', (code) => reject(new Error(`npm exec exited ${code} before the proxy was ready: ${out}`)));
  });
  expect(await refused(port)).toBe(false);
  npm.kill('SIGTERM');
  // the proxy notices within a quarter second that npm is gone; allow for a loaded machine
  const deadline = Date.now() + 10_000;
  let files: string[] = [];
  while (Date.now() < deadline) {
    files = await readdir(dir);
    if (files.some((f) => f.endsWith('.har')) && (await refused(port))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(files.filter((f) => f.endsWith('.har'))).toHaveLength(1);
  expect(files.filter((f) => f.endsWith('.har.jsonl'))).toEqual([]);
  expect(await refused(port)).toBe(true);
});
