/**
 * Issue 13: a long session must not be invisible until it ends. An attach/ws session through
 * `docktape proxy --audit` has its ResponseStarted line in the log while it is still open, and
 * its ResponseComplete line (same auditId, both directions counted) once it closes.
 */
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';
import { startProxyProcess } from '../../tools/support/proxy-process.js';

interface Line {
  auditId: string;
  stage: string;
  operationId: string | null;
  kind: string;
  status: number;
  bytes: { up: number; down: number };
  termination: string | null;
}

const lines = async (file: string): Promise<Line[]> =>
  (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

describeLive('docktape proxy --audit, an open websocket session', (daemon) => {
  const containers = useTestContainers(daemon, 'audit-sessions');
  let work: string | undefined;
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('logs the session when it opens, while it runs, and again when it ends', async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-ws-'));
    const file = path.join(work, 'audit.jsonl');
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--audit', file]);
    try {
      const id = await containers.create({ Cmd: ['cat'], OpenStdin: true, AttachStdin: true, AttachStdout: true });
      await containers.client.containers.start(id);
      const ws = new WebSocket(`${proxy.url.replace('tcp://', 'ws://')}/v1.40/containers/${id}/attach/ws?stream=1&stdin=1&stdout=1`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      // open, not ended: the log already says so
      await vi.waitFor(async () => expect((await lines(file)).find((l) => l.operationId === 'ContainerAttachWebsocket')).toBeDefined(), { timeout: 20_000 });
      const opened = (await lines(file)).find((l) => l.operationId === 'ContainerAttachWebsocket')!;
      expect(opened).toMatchObject({ stage: 'ResponseStarted', kind: 'websocket', status: 101, termination: null });

      const echoed = new Promise<string>((resolve) => {
        let text = '';
        ws.on('message', (data: Buffer) => {
          text += data.toString();
          if (text.includes('\n')) resolve(text);
        });
      });
      ws.send('through the log\n');
      expect(await echoed).toBe('through the log\n');
      ws.close();
      await once(ws, 'close');
      const closed = async () => (await lines(file)).find((l) => l.auditId === opened.auditId && l.stage === 'ResponseComplete');
      await vi.waitFor(async () => expect(await closed()).toBeDefined(), { timeout: 20_000 });
      const done = (await closed())!;
      expect(done).toMatchObject({ kind: 'websocket', status: 101, operationId: 'ContainerAttachWebsocket', termination: 'upgraded_closed' });
      // what went up (the message, in websocket frames) and what came back
      expect(done.bytes.up).toBeGreaterThanOrEqual('through the log\n'.length);
      expect(done.bytes.down).toBeGreaterThanOrEqual('through the log\n'.length);
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
    }
  });
});
