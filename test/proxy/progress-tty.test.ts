/**
 * `docktape proxy --record` on a terminal (util-linux `script` gives it one) shows a status
 * line while a large body moves: here an export the test reads slowly on purpose, so the
 * transfer is still open when the line is drawn. Waits for the line, never for time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { DOCKTAPE_BIN } from '../../tools/support/proxy-process.js';
import { SCRIPT } from '../../tools/fixtures/cli-session/tty-attach.js';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';

describeLive('the proxy on a terminal', (daemon) => {
  const tc = useTestContainers(daemon, 'progress');
  let work: string;
  let child: ChildProcess;
  let terminal = '';
  let id: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-progress-'));
    // a filesystem of some 24 MiB: its export is large enough to be worth a status line
    id = await tc.create({ Cmd: ['dd', 'if=/dev/zero', 'of=/big', 'bs=1048576', 'count=24'] });
    await tc.client.containers.start(id);
    await tc.client.containers.wait(id);
    const command = `exec ${process.execPath} ${DOCKTAPE_BIN} proxy --target ${daemon.host} --listen unix://${work}/proxy.sock --record ${work}/rec`;
    child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { env: { ...process.env, SHELL: '/bin/sh' }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (terminal += d.toString('utf8')));
    await vi.waitFor(() => expect(terminal).toContain('docktape proxy listening on'), { timeout: 60_000, interval: 50 });
  });
  afterAll(async () => {
    const exited = once(child, 'exit');
    child.stdin!.end('\u0003'); // Ctrl-C on the terminal: SIGINT to the proxy
    await exited;
    await rm(work, { recursive: true, force: true });
  });

  it('draws a status line for an export being recorded, naming it and its size', async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ socketPath: `${work}/proxy.sock`, path: `/v1.40/containers/${id}/export` }, resolve).on('error', reject),
    );
    let read = 0;
    let held = false;
    await new Promise<void>((resolve) => {
      res.on('data', (c: Buffer) => {
        read += c.length;
        // hold the rest back (once): the proxy's transfer stays open with 10 MiB and more behind it
        if (!held && read >= 10 * 1024 * 1024) {
          held = true;
          res.pause();
          resolve();
        }
      });
    });
    // the path is cut from the left to fit the terminal's width: its end names the export
    await vi.waitFor(() => expect(terminal).toMatch(/↓ GET \S*\/export {2}\d+\.\d MiB/), { timeout: 60_000, interval: 50 });
    res.resume();
    await once(res, 'end');
    expect(read).toBeGreaterThan(24 * 1024 * 1024);
  });
});
