/**
 * `entry._webSocketMessages`: the messages of a websocket attach (`GET /containers/{id}/attach/ws`)
 * as Chrome writes them in HAR exports, so HAR viewers show them: `{type: 'send'|'receive', time
 * (seconds since the epoch), opcode, data}`, `data` being the text of a text message (opcode 1)
 * and the base64 of any other payload (binary, close, ping, pong). The raw bytes of the
 * connection are in `_hijack` too; these are what replay through msw's `ws` API needs.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttachWebsocket
 */
import type { HarEntry, WebSocketMessage } from '../har-types.js';
import { isObject, type Fail } from './field-check.js';

const TEXT = 1;

/** One whole message (fragments joined) seen going `type`-wards at `timeS` seconds since the epoch. */
export function encodeWebSocketMessage(type: WebSocketMessage['type'], opcode: number, payload: Uint8Array, timeS: number): WebSocketMessage {
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return { type, time: timeS, opcode, data: opcode === TEXT ? bytes.toString('utf8') : bytes.toString('base64') };
}

/** The recorded messages in order; empty when none were recorded. */
export function decodeWebSocketMessages(entry: Pick<HarEntry, '_webSocketMessages'>): WebSocketMessage[] {
  return entry._webSocketMessages ?? [];
}

/** A message's payload bytes. */
export function webSocketPayload(message: Pick<WebSocketMessage, 'opcode' | 'data'>): Buffer {
  return Buffer.from(message.data, message.opcode === TEXT ? 'utf8' : 'base64');
}

export function checkWebSocketMessages(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return fail('_webSocketMessages is not an array');
  value.forEach((m: unknown, i) => {
    const ok = isObject(m) && (m.type === 'send' || m.type === 'receive') && typeof m.time === 'number' && typeof m.opcode === 'number' && typeof m.data === 'string';
    if (!ok) fail(`_webSocketMessages[${i}] is not {type: send|receive, time, opcode, data}`);
  });
}
