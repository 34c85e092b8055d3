/**
 * Reads websocket frames (RFC 6455 §5.2) from one direction of a relayed connection, only to
 * record them as `_webSocketMessages`: the relay forwards the raw bytes untouched. Handles
 * masking, 16/64-bit lengths and fragmented messages. Pure.
 */
import { encodeWebSocketMessage, type WebSocketMessage } from '@docktape/recording';

/** Payloads above this are recorded cut short (the bytes themselves still pass through). */
const MAX_RECORDED_MESSAGE = 1024 * 1024;

export class WebSocketMessageReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  /** Bytes needed before parsing is worth trying: avoids re-joining a big frame on every read. */
  private needed = 2;
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private broken = false;

  constructor(
    private readonly type: WebSocketMessage['type'],
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** Feeds bytes; returns the messages completed by them. */
  push(chunk: Buffer): WebSocketMessage[] {
    if (this.broken) return [];
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes < this.needed) return [];
    let buf = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const out: WebSocketMessage[] = [];
    for (;;) {
      const frame = readFrame(buf);
      if (frame === 'too-large') {
        this.broken = true; // a frame beyond 2^53 bytes: stop recording, keep relaying
        break;
      }
      if (typeof frame === 'number') {
        this.needed = frame;
        break;
      }
      buf = buf.subarray(frame.size);
      const message = this.assemble(frame.fin, frame.opcode, frame.payload);
      if (message) out.push(message);
    }
    this.buffered = buf.length > 0 ? [buf] : [];
    this.bufferedBytes = buf.length;
    return out;
  }

  private assemble(fin: boolean, opcode: number, payload: Buffer): WebSocketMessage | undefined {
    if (opcode >= 8) return this.message(opcode, payload); // control frames are never fragmented
    if (opcode !== 0) {
      this.fragmentOpcode = opcode;
      this.fragments = [];
    }
    if (this.fragments.reduce((n, b) => n + b.length, 0) < MAX_RECORDED_MESSAGE) this.fragments.push(payload);
    if (!fin) return undefined;
    const whole = Buffer.concat(this.fragments).subarray(0, MAX_RECORDED_MESSAGE);
    this.fragments = [];
    return this.message(this.fragmentOpcode, whole);
  }

  private message(opcode: number, payload: Buffer): WebSocketMessage {
    return encodeWebSocketMessage(this.type, opcode, payload, this.now());
  }
}

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  size: number;
}

/** A frame, 'too-large', or how many bytes the frame at the start of `buf` needs in all. */
export function readFrame(buf: Buffer): Frame | 'too-large' | number {
  if (buf.length < 2) return 2;
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  let length = b1 & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return 4;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return 10;
    const big = buf.readBigUInt64BE(2);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return 'too-large';
    length = Number(big);
    offset = 10;
  }
  const masked = (b1 & 0x80) !== 0;
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buf.length < offset + length) return offset + length;
  let payload = buf.subarray(offset, offset + length);
  if (masked) {
    const mask = buf.subarray(maskOffset, maskOffset + 4);
    payload = Buffer.from(payload);
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
  }
  return { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload, size: offset + length };
}
