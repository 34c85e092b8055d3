/**
 * Chunk timing of a streamed body (`_chunks`): `[ms since the exchange started, bytes]`.
 * Chunks that arrive within the same millisecond are merged (replay cannot pace finer, and an
 * export of GiBs would otherwise list every 64 KiB read); past `maxChunks` entries, later bytes
 * are added to the last entry so a recording's JSON stays small whatever the body size.
 */
import type { ChunkTiming } from '@docktape/recording';

export class ChunkClock {
  readonly chunks: ChunkTiming[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly maxChunks = 10_000,
  ) {}

  add(bytes: number, now: number): void {
    const at = Math.round((now - this.startedAt) * 1000) / 1000;
    const last = this.chunks.at(-1);
    if (last && (at - last[0] < 1 || this.chunks.length >= this.maxChunks)) last[1] += bytes;
    else this.chunks.push([at, bytes]);
  }
}
