import { describe, expect, it } from 'vitest';
import { planWebSocket } from './websocket-plan.js';

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
