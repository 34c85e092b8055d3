/**
 * Secrets a container is started with never reach a file the proxy writes: `docker run -e
 * DB_PASSWORD=hunter2` and `docker inspect` through `docktape proxy --record --audit`, then every
 * byte the proxy wrote (the recording, its blobs, the audit log) is searched. The client itself
 * still gets the real answer; the recorded copy is redacted, says so (`_redacted`), and replays:
 * the same commands against `docktape replay` run, with the inspect showing the redacted value.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRecordings } from '@docktape/recording';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';
import { startDocktape } from '../../tools/support/docktape-process.js';
import { describeLive } from '../support/live-daemon.js';
import { filesUnder } from '../support/files-under.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';

describeLive('secrets are redacted before anything is written', (daemon) => {
  const tc = useTestContainers(daemon, 'redaction');
  let work: string;
  const name = tc.name('secret');
  const session = async (host: string) => {
    // one -e only: the docker CLI sends several in no fixed order (a Go map), which replay
    // would then have to match in any order
    const ran = await docker(host, ['run', '--label', `${TEST_LABEL}=${tc.run}`, '--name', name, '-e', 'DB_PASSWORD=hunter2', daemon.image, 'sh', '-c', 'echo length ${#DB_PASSWORD}']);
    const inspected = await docker(host, ['inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', name]);
    const removed = await docker(host, ['rm', name]);
    return { ran, inspected, removed };
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-redaction-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('records and audits without the secret, and the recording replays', async () => {
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', `unix://${work}/proxy.sock`, '--record', `${work}/rec`, '--audit', `${work}/audit.jsonl`]);
    const live = await session(proxy.url);
    expect(await proxy.stop()).toBe(0);
    expect(live.ran.stdout.toString()).toBe('length 7\n');
    // the client got the daemon's answer as it was
    expect(live.inspected.stdout.toString()).toContain('DB_PASSWORD=hunter2\n');

    const files = await filesUnder(work);
    expect(files.some((f) => f.endsWith('.har'))).toBe(true);
    for (const file of files.filter((f) => !f.endsWith('proxy.sock'))) {
      expect((await readFile(file)).includes(Buffer.from('hunter2')), file).toBe(false);
    }
    const entries = (await readRecordings(`${work}/rec`)).flatMap((r) => r.entries);
    const create = entries.find((e) => e.request.method === 'POST' && e.request.url.includes('/containers/create'))!;
    expect(create._redacted).toEqual([{ where: 'request.postData', at: ['/Env/0'] }]);
    expect(create.request.postData?.text).toContain('"DB_PASSWORD=[redacted by docktape]"');
    const inspect = entries.find((e) => e.request.method === 'GET' && e.request.url.endsWith(`/containers/${name}/json`))!;
    expect(inspect._redacted?.[0]?.where).toBe('response.content');

    const replay = await startDocktape(['replay', '--fixtures', `${work}/rec`, '--listen', `unix://${work}/replay.sock`], 'replay');
    try {
      const again = await session(replay.url);
      expect(again.ran.stdout.toString(), again.ran.stderr).toBe('length 7\n');
      expect(again.ran.code).toBe(0);
      expect(again.inspected.stdout.toString()).toContain('DB_PASSWORD=[redacted by docktape]\n');
      expect(again.removed.code).toBe(0);
    } finally {
      await replay.stop();
    }
  });
});
