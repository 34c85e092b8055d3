/**
 * Chunk timing of a streamed body (`_chunks`): `[ms since the exchange started, bytes]`, encoded
 * by @docktape/recording (chunk-timing.ts there: same-millisecond chunks merged, at most
 * `maxChunks` entries). This only holds the exchange's start and the list being built.
 */
import { addChunk, MAX_CHUNKS, type ChunkTiming } from '@docktape/recording';

export class ChunkClock {
  readonly chunks: ChunkTiming[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly maxChunks = MAX_CHUNKS,
  ) {}

  add(bytes: number, now: number): void {
    addChunk(this.chunks, now - this.startedAt, bytes, this.maxChunks);
  }
}
