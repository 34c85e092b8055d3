/**
 * `docktape policy learn` on the committed docker CLI recording, then the same CLI session run
 * against the real daemon through a proxy enforcing that policy: every step prints what it
 * printed when recorded (the policy refuses nothing the recording did), and one operation the
 * recording never made is refused with the rule named.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_NAMES, runCliSession } from '../../tools/fixtures/cli-session/cli-steps.js';
import { DOCKTAPE_BIN, REPO_ROOT, docker, run, startProxyProcess, type ProxyProcess } from '../../tools/support/proxy-process.js';
import { describeLive } from '../support/live-daemon.js';

const CLI_FIXTURE = path.join(REPO_ROOT, 'test/fixtures/docker-cli');

/**
 * Two live runs differ where the kernel decides: `docker top`'s process ids and start times.
 * (Replay serves the recorded ones, so the replay tests need no such step.)
 */
const livePids = (out: string | undefined) => (out ?? '').replace(/^(\S+) \d+ \d+ (\d+) \d\d:\d\d /gm, '$1 <pid> <ppid> $2 <stime> ');

describeLive('a learned policy and the session it was learned from', (daemon) => {
  let work: string;
  let proxy: ProxyProcess;
  const removeSessionContainers = () => docker(daemon.host, ['rm', '-f', ...CLI_NAMES]);

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-learned-'));
    const learned = await run(process.execPath, [DOCKTAPE_BIN, 'policy', 'learn', CLI_FIXTURE]);
    expect(learned.code, learned.stderr).toBe(0);
    await writeFile(path.join(work, 'learned.yaml'), learned.stdout);
    await removeSessionContainers();
    // a unix socket, as the session was recorded: over TCP the docker CLI does not exit after
    // detach keys (seen with a plain byte relay to the daemon too), so the tty step would hang
    proxy = await startProxyProcess(['--target', daemon.host, '--listen', `unix://${work}/proxy.sock`, '--policy', path.join(work, 'learned.yaml')]);
  });
  afterAll(async () => {
    await proxy?.stop();
    await removeSessionContainers();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lets the whole session through: every step prints what it printed when recorded', async () => {
    const expected = JSON.parse(await readFile(path.join(CLI_FIXTURE, 'outputs.json'), 'utf8')) as Record<string, string>;
    const got = await runCliSession(proxy.url, path.join(work, 'files'));
    const differ = Object.keys(expected).filter((title) => livePids(got[title]) !== livePids(expected[title]));
    expect(differ.map((t) => `${t}:\n  recorded: ${JSON.stringify(expected[t])}\n  now:      ${JSON.stringify(got[t])}`)).toEqual([]);
    expect(proxy.stderr()).not.toContain('refuse');
  });

  it('refuses an operation the recording never made, naming the rule', async () => {
    const r = await docker(proxy.url, ['network', 'ls']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`rule "default" refuses NetworkList: no rule matched, the policy's default is deny`);
  });
});
