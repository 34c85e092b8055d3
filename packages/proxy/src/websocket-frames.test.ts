import { describe, expect, it } from 'vitest';
import { WebSocketMessageReader } from './websocket-frames.js';

function frame(opcode: number, payload: Buffer, { fin = true, mask }: { fin?: boolean; mask?: Buffer } = {}): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0, len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (len >= 126 && len < 65536) {
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65536) {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!mask) return Buffer.concat([head, payload]);
  head[1]! |= 0x80;
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([head, mask, masked]);
}

const at = () => 1700000000.5;

describe('WebSocketMessageReader', () => {
  it.each([
    ['a text frame', [frame(1, Buffer.from('hi'))], [{ opcode: 1, data: 'hi' }]],
    ['a masked client frame', [frame(1, Buffer.from('stdin\n'), { mask: Buffer.from([1, 2, 3, 4]) })], [{ opcode: 1, data: 'stdin\n' }]],
    ['a binary frame (base64)', [frame(2, Buffer.from([0, 255]))], [{ opcode: 2, data: 'AP8=' }]],
    ['a 16-bit length frame', [frame(2, Buffer.alloc(300, 7))], [{ opcode: 2, data: Buffer.alloc(300, 7).toString('base64') }]],
    ['a 64-bit length frame', [frame(2, Buffer.alloc(70000, 1))], [{ opcode: 2, data: Buffer.alloc(70000, 1).toString('base64') }]],
    [
      'a fragmented message with a ping in between',
      [frame(1, Buffer.from('hel'), { fin: false }), frame(9, Buffer.from('p')), frame(0, Buffer.from('lo'))],
      [
        { opcode: 9, data: 'cA==' },
        { opcode: 1, data: 'hello' },
      ],
    ],
  ])('reads %s', (_name, frames, want) => {
    const reader = new WebSocketMessageReader('receive', at);
    const bytes = Buffer.concat(frames);
    // fed in awkward pieces: frames split across TCP reads
    const got = [];
    for (let i = 0; i < bytes.length; i += 5) got.push(...reader.push(bytes.subarray(i, i + 5)));
    expect(got).toEqual(want.map((w) => ({ type: 'receive', time: 1700000000.5, ...w })));
  });
});
