/**
 * `entry._hijack`: both directions of a hijacked connection (attach, exec start: raw bytes after
 * `101 UPGRADED`, or after `200` in the legacy form), each a stream of bytes after the heads, with
 * their chunk timing and when that side half-closed (FIN). The request body the client sent
 * before the upgrade is in `request.postData`, not here. Replay sends the daemon's side back,
 * each chunk once the live client has sent as much as it had then (replay's hijack-plan.ts).
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttach
 */
import type { ChunkTiming, HarEntry, HijackRecord, RecordedContent, RecordedStream } from '../har-types.js';
import { checkChunks, roundMs } from './chunk-timing.js';
import { isObject, shown, type Fail } from './field-check.js';
import { checkContent } from './sidecar-content.js';

const UPGRADES: readonly HijackRecord['upgrade'][] = ['tcp', 'websocket', 'none'];

/**
 * One direction as the proxy observed it: the chunk timing (chunk-timing.ts `addChunk`) and the
 * ms since the exchange started at which that side half-closed, if it did. The bytes are
 * recorded while the stream runs; the content is set once they are stored (before then, empty).
 */
export function encodeHijackStream(chunks: ChunkTiming[], closedAtMs: number | undefined, content: RecordedContent = { size: 0, mimeType: '' }): RecordedStream {
  return closedAtMs === undefined ? { content, chunks } : { content, chunks, closedAt: roundMs(closedAtMs) };
}

export function encodeHijack(upgrade: HijackRecord['upgrade'], clientToDaemon: RecordedStream, daemonToClient: RecordedStream): HijackRecord {
  return { upgrade, clientToDaemon, daemonToClient };
}

/**
 * The hijacked streams to replay; undefined when the exchange was not hijacked after all (e.g.
 * attach to a missing container: the daemon answered 404 instead of upgrading, `_kind` http).
 */
export function decodeHijack(entry: Pick<HarEntry, '_kind' | '_hijack'>): HijackRecord | undefined {
  return entry._kind === 'http' ? undefined : entry._hijack;
}

export function checkHijack(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  if (!isObject(value)) return fail('_hijack is not an object');
  if (!UPGRADES.includes(value.upgrade as HijackRecord['upgrade'])) fail(`_hijack.upgrade ${shown(value.upgrade)}: expected tcp, websocket or none`);
  for (const side of ['clientToDaemon', 'daemonToClient']) {
    const s = value[side];
    if (!isObject(s)) return fail(`_hijack.${side} is missing`);
    checkContent(s.content, `_hijack.${side}.content`, fail);
    checkChunks(s.chunks, `_hijack.${side}.chunks`, fail);
    if (s.closedAt !== undefined && typeof s.closedAt !== 'number') fail(`_hijack.${side}.closedAt is not a number`);
  }
}
