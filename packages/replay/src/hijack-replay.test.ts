import { describe, expect, it } from 'vitest';
import { HijackClient, replayHijack } from './hijack-replay.js';
import { ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import type { TimedChunk } from './response-plan.js';

describe('HijackClient', () => {
  it('counts as the stream only what follows the request body', async () => {
    const client = new HijackClient(5);
    client.push(Buffer.from('hel'));
    client.push(Buffer.from('loxyz'));
    expect((await client.body())?.text).toBe('hello');
    expect(await client.until((c) => c.bytes === 3 && !c.closed)).toBe(true);
  });

  it('a client that stops sending mid-body gives the body it sent', async () => {
    const client = new HijackClient(100);
    client.push(Buffer.from('{"a":'));
    const body = client.body();
    client.halfClosed();
    expect(await body).toMatchObject({ size: 5, text: '{"a":' });
  });

  it('a wait ends, false, when the client hangs up', async () => {
    const client = new HijackClient(0);
    const waiting = client.until((c) => c.bytes > 0);
    client.hungUp();
    expect(await waiting).toBe(false);
  });
});

describe('replayHijack', () => {
  async function* failing(): AsyncGenerator<TimedChunk> {
    yield { atMs: 0, bytes: Buffer.from('ok') };
    throw new ReplayError('fixture', 'the sidecar changed');
  }

  it('a body that fails mid-stream is reported and the connection cut, never ended cleanly', async () => {
    const engine = new ReplayEngine([]);
    const out: string[] = [];
    let closed = 0;
    await replayHijack(
      engine,
      { steps: [0, 1, 2].map((i) => ({ afterClientBytes: 0, afterClientClosed: false, atMs: i, bytes: 2 })), chunks: failing(), close: async () => void closed++ },
      new HijackClient(0),
      { send: async (b) => void out.push(Buffer.from(b).toString()), end: () => out.push('END'), destroy: () => out.push('CUT') },
      0,
    );
    expect(out).toEqual(['ok', 'CUT']);
    expect(engine.errors.map((e) => e.message)).toEqual(['[docktape replay] the sidecar changed']);
    expect(closed).toBe(1);
  });
});
