import { describe, expect, it } from 'vitest';
import { ProgressGate } from './client-progress.js';
import { closeCode, planWebSocket, replayWebSocket } from './websocket-plan.js';

describe('planWebSocket', () => {
  it('gates each daemon message on the client messages sent before it', () => {
    const plan = planWebSocket([
      { type: 'receive', time: 100, opcode: 1, data: 'banner' },
      { type: 'send', time: 100.5, opcode: 2, data: 'aGk=' },
      { type: 'receive', time: 100.6, opcode: 1, data: 'hi' },
      { type: 'send', time: 101, opcode: 8, data: 'A+g=' },
      { type: 'receive', time: 101.2, opcode: 8, data: 'A+g=' },
    ]);
    expect(plan).toEqual([
      { afterClientMessages: 0, atMs: 0, opcode: 1, data: 'banner' },
      { afterClientMessages: 1, atMs: 600, opcode: 1, data: 'hi' },
      { afterClientMessages: 1, atMs: 1200, opcode: 8, data: 'A+g=' },
    ]);
  });
  it('is empty without messages', () => expect(planWebSocket([])).toEqual([]));
});

describe('replayWebSocket', () => {
  it('sends each message once the client sent what preceded it, and closes with the recorded code', async () => {
    const plan = planWebSocket([
      { type: 'receive', time: 1, opcode: 1, data: 'banner' },
      { type: 'send', time: 2, opcode: 1, data: 'ls' },
      { type: 'receive', time: 3, opcode: 2, data: Buffer.from('out').toString('base64') },
      { type: 'receive', time: 4, opcode: 8, data: Buffer.from([0x0f, 0xa0]).toString('base64') },
    ]);
    const gate = new ProgressGate();
    let received = 0;
    const sent: string[] = [];
    const replaying = replayWebSocket(
      plan,
      { received: () => received, gate, sendText: (t) => sent.push(`text ${t}`), sendBinary: (b) => sent.push(`binary ${Buffer.from(b).toString()}`), close: (code) => sent.push(`close ${code}`) },
      'none',
      0,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(['text banner']);
    received++;
    gate.changed();
    await replaying;
    expect(sent).toEqual(['text banner', 'binary out', 'close 4000']);
  });

  it('stops when the client goes away', async () => {
    const gate = new ProgressGate();
    const sent: string[] = [];
    const replaying = replayWebSocket([{ afterClientMessages: 1, atMs: 0, opcode: 1, data: 'x' }], { received: () => 0, gate, sendText: (t) => sent.push(t), sendBinary: () => undefined, close: () => undefined }, 'none', 0);
    gate.gone();
    await replaying;
    expect(sent).toEqual([]);
  });
});

describe('closeCode', () => {
  it.each([
    ['a code', Buffer.from([0x0f, 0xa1, 0x41]).toString('base64'), 4001],
    ['no payload', '', 1000],
  ])('%s', (_n, data, want) => expect(closeCode(data)).toBe(want));
});
