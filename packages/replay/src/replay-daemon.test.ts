import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startReplayDaemon, type RunningReplayDaemon } from './replay-daemon.js';
import { ReplayEngine } from './replay-engine.js';

let daemon: RunningReplayDaemon | undefined;
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

/**
 * Sends `text`, hangs up once the bytes are handed to the kernel (on loopback the daemon reads
 * them before the hang-up), and resolves when the socket is closed.
 */
function abandon(port: number, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text, () => socket.destroy()));
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}

describe('replay daemon', () => {
  it('survives a client that disconnects mid-body, and answers the next request', async () => {
    const rejections: unknown[] = [];
    const onRejection = (err: unknown) => rejections.push(err);
    process.on('unhandledRejection', onRejection);
    try {
      const engine = new ReplayEngine([]);
      daemon = await startReplayDaemon(engine, { listen: '127.0.0.1:0' });
      const port = Number(new URL(daemon.url).port);
      await abandon(port, 'POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
      await abandon(port, 'POST /exec/x/start HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 100\r\n\r\n{"a":');
      const res = await fetch(`http://127.0.0.1:${port}/_ping`);
      expect(res.status).toBe(500);
      expect(res.headers.get('x-docktape-replay')).toBe('unmatched');
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
