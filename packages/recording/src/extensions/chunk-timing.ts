/**
 * `entry._chunks`, and the `chunks` of each `_hijack` stream: when the bytes of a streamed body
 * arrived, as `[ms since the exchange started, bytes]` pairs in arrival order. Replay re-paces a
 * body along them (logs -f, stats, events and wait arrive as separate chunks).
 *
 * Encoding: chunks that arrive within the same millisecond are merged (replay cannot pace finer,
 * and an export of GiBs would otherwise list every 64 KiB read); past `MAX_CHUNKS` entries, later
 * bytes are added to the last entry so a recording's JSON stays small whatever the body size.
 * Times are kept to the microsecond (3 decimals): enough to order, short in JSON.
 *
 * Decoding: the body's bytes cut along the recorded sizes, each piece with its time; bytes past
 * the recorded chunks (a body whose timing was capped) follow at the last recorded time.
 */
import type { ChunkTiming, HarEntry } from '../har-types.js';
import type { Fail } from './field-check.js';

/** At most this many pairs per body (about 200 KiB of JSON). */
export const MAX_CHUNKS = 10_000;

/** A piece of a body and when it was sent in the recording (ms after the exchange started). */
export interface TimedBytes {
  atMs: number;
  bytes: Uint8Array;
}

/** Adds `bytes` that arrived `msSinceStart` after the exchange started to `chunks` (in place). */
export function addChunk(chunks: ChunkTiming[], msSinceStart: number, bytes: number, maxChunks = MAX_CHUNKS): void {
  const at = roundMs(msSinceStart);
  const last = chunks.at(-1);
  if (last && (at - last[0] < 1 || chunks.length >= maxChunks)) last[1] += bytes;
  else chunks.push([at, bytes]);
}

/** ms kept to the microsecond. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The `_chunks` value: left out when nothing was timed (a body that was not streamed, or empty). */
export function encodeChunks(chunks: ChunkTiming[] | undefined): ChunkTiming[] | undefined {
  return chunks && chunks.length > 0 ? chunks : undefined;
}

/** The timing of an entry's response body; empty when it was not recorded (the body is sent at once). */
export function decodeChunks(entry: Pick<HarEntry, '_chunks'>): ChunkTiming[] {
  return entry._chunks ?? [];
}

/** A body held whole, cut along its timing. */
export function splitAlongChunks(bytes: Uint8Array, chunks: readonly ChunkTiming[] | undefined): TimedBytes[] {
  if (bytes.length === 0) return [];
  if (!chunks || chunks.length === 0) return [{ atMs: 0, bytes }];
  const out: TimedBytes[] = [];
  let offset = 0;
  let last = 0;
  for (const [atMs, size] of chunks) {
    if (offset >= bytes.length) break;
    out.push({ atMs, bytes: bytes.subarray(offset, offset + size) });
    offset += size;
    last = atMs;
  }
  if (offset < bytes.length) out.push({ atMs: last, bytes: bytes.subarray(offset) });
  return out;
}

/** A body read piece by piece (a sidecar streamed from disk), re-cut along its timing; never held whole. */
export async function* alongChunks(pieces: AsyncIterable<Uint8Array>, chunks: readonly ChunkTiming[]): AsyncGenerator<TimedBytes> {
  let next = 0; // index into chunks
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const lastAt = () => chunks.at(-1)?.[0] ?? 0;
  for await (const piece of pieces) {
    if (next >= chunks.length) {
      yield { atMs: lastAt(), bytes: piece };
      continue;
    }
    pending.push(piece);
    pendingBytes += piece.length;
    // Emit every recorded chunk that the bytes read so far complete.
    while (next < chunks.length && pendingBytes >= chunks[next]![1]) {
      const [atMs, want] = chunks[next++]!;
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      yield { atMs, bytes: all.subarray(0, want) };
      const rest = all.subarray(want);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    }
  }
  // A body shorter than its timing ends inside chunk `next`: its last bytes keep that chunk's
  // time, as splitAlongChunks gives them (both decoders cut any body the same way).
  if (pendingBytes > 0) yield { atMs: chunks[next]?.[0] ?? lastAt(), bytes: Buffer.concat(pending) };
}

export function checkChunks(value: unknown, where: string, fail: Fail): void {
  if (!Array.isArray(value)) fail(`${where} is missing`);
  (value as unknown[]).forEach((c, i) => {
    if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'number' || !Number.isInteger(c[1]) || (c[1] as number) < 0) {
      fail(`${where}[${i}] is not [msSinceStart, bytes]`);
    }
  });
}
