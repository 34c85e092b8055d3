/**
 * The docker CLI through `docktape proxy --policy preset:no-privileged`: `docker run
 * --privileged` fails with the policy's message (the CLI prints the daemon-style message) and the
 * daemon's event stream shows no create; the same run without --privileged works.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docker, startProxyProcess, type ProxyProcess } from '../../tools/support/proxy-process.js';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';
import { watchCreates, type CreateEvents } from './daemon-events.js';

describeLive('docker CLI through a no-privileged proxy', (daemon) => {
  const tc = useTestContainers(daemon, 'cli-policy');
  let proxy: ProxyProcess;
  let events: CreateEvents;

  beforeAll(async () => {
    events = await watchCreates(daemon.host, `${TEST_LABEL}=${tc.run}`);
    proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--policy', 'preset:no-privileged']);
  });
  afterAll(async () => {
    events.close();
    await proxy.stop();
  });

  it('refuses docker run --privileged with the rule named, and the daemon creates nothing', async () => {
    const refused = tc.name('privileged');
    const r = await docker(proxy.url, ['run', '--rm', '--privileged', '--label', `${TEST_LABEL}=${tc.run}`, '--name', refused, daemon.image, 'true']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('policy preset:no-privileged: rule "no-privileged" refuses ContainerCreate: privileged is true');
    // the same run without --privileged goes through; its create is the first the daemon reports
    const allowed = tc.name('plain');
    const ok = await docker(proxy.url, ['run', '--rm', '--label', `${TEST_LABEL}=${tc.run}`, '--name', allowed, daemon.image, 'echo', 'allowed']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout.toString()).toBe('allowed\n');
    expect(ok.code).toBe(0);
    await events.seen(allowed);
    expect(events.names).toEqual([allowed]);
  });
});
