/**
 * Auditing I meets Auditing II: with `--policy` and `--audit`, each audit line carries the
 * policy's decision, the rule and the reason; a refused request gets its complete line
 * (termination `refused`) though the daemon never saw it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeLive } from '../support/live-daemon.js';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';

interface Line {
  operationId: string | null;
  status: number;
  termination: string | null;
  decision: string | null;
  rule: string | null;
  reason: string | null;
}

describeLive('docktape proxy --audit --policy', (daemon) => {
  let work: string | undefined;
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('logs the decision, rule and reason of each request, refusals included', async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-policy-'));
    const file = path.join(work, 'audit.jsonl');
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', file, '--policy', 'preset:no-privileged']);
    try {
      const refused = await docker(proxy.url, ['create', '--privileged', '--label', 'org.docktape.test=audit-policy', daemon.image, 'true']);
      expect(refused.code).not.toBe(0);
      expect((await docker(proxy.url, ['ps', '-q', '--filter', 'label=org.docktape.none=1'])).code).toBe(0);
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
    }
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    expect(lines.find((l) => l.operationId === 'ContainerCreate')).toMatchObject({ status: 403, termination: 'refused', decision: 'deny', rule: 'no-privileged' });
    expect(lines.find((l) => l.operationId === 'ContainerCreate')!.reason).toMatch(/privileged/);
    expect(lines.find((l) => l.operationId === 'ContainerList')).toMatchObject({ status: 200, termination: 'complete', decision: 'allow' });
  });
});
