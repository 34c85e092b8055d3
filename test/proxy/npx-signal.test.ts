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
import { afterAll, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../../tools/support/proxy-process.js';

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
  // The proxy polls for its parent, so it notices npm is gone a moment later: wait for the
  // finished recording and the closed port, however long a loaded machine takes.
  await vi.waitFor(
    async () => {
      const files = await readdir(dir!);
      expect(files.filter((f) => f.endsWith('.har'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('.har.jsonl'))).toEqual([]);
      expect(await refused(port)).toBe(true);
    },
    { timeout: 60_000, interval: 100 },
  );
});
