/**
 * `docktape proxy -v` with the docker CLI as the client: one line per exchange on stderr as it
 * finishes (plain when stderr is not a terminal), and a summary line at exit; stdout keeps only
 * the ready line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeLive } from '../support/live-daemon.js';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';

describeLive('docktape proxy -v', (daemon) => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints each exchange with its operation, and a summary naming the recording at exit', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-verbose-'));
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--record', dir, '-v']);
    const ps = await docker(proxy.url, ['ps', '-a', '--filter', 'label=org.docktape.none=1']);
    expect(ps.code).toBe(0);
    const inspect = await docker(proxy.url, ['inspect', 'docktape-no-such-container']);
    expect(inspect.code).toBe(1);
    // every exchange has finished once the proxy has stopped: its lines are all out then
    expect(await proxy.stop('SIGTERM')).toBe(0);
    const lines = proxy.stderr();
    expect(lines).toMatch(/^200 HEAD \/_ping SystemPingHead [\d.]+ m?s ↑0 B ↓0 B$/m);
    expect(lines).toMatch(/^200 GET \/v1\.40\/containers\/json\?all=1&filters=\S+ ContainerList [\d.]+ m?s ↑0 B ↓\d+ B$/m);
    // docker inspect of an unknown name asks each kind of object in turn
    expect(lines).toMatch(/^404 GET \/v1\.40\/containers\/docktape-no-such-container\/json ContainerInspect [\d.]+ m?s ↑0 B ↓\d+ B$/m);
    expect(lines).toMatch(/^404 GET \/v1\.40\/images\/docktape-no-such-container\/json ImageInspect /m);
    expect(lines).not.toContain('\u001b['); // not a terminal: no colors
    const count = lines.split('\n').filter((l) => /^\d{3} /.test(l)).length;
    expect(lines).toMatch(new RegExp(`^docktape proxy: SIGTERM: ${count} exchanges, ↑0 B ↓\\d+(\\.\\d)? (B|KiB), recorded in ${dir}/\\S+\\.har`, 'm'));
  });
});
