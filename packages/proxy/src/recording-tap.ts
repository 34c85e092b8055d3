/**
 * A pass-through stream that shows every chunk to the recorder before handing it on. Placed
 * in the pipe between daemon and client (or client and daemon), so backpressure covers the
 * recording too: when the disk is slower than the network, the relay slows down instead of
 * buffering in memory.
 */
import { Transform, type TransformCallback } from 'node:stream';

export type ChunkObserver = (chunk: Buffer) => Promise<void> | undefined;

export class RecordingTap extends Transform {
  constructor(private readonly observe: ChunkObserver) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let waiting: Promise<void> | undefined;
    try {
      waiting = this.observe(chunk);
    } catch {
      waiting = undefined; // recording trouble never breaks the relay
    }
    if (!waiting) return callback(null, chunk);
    waiting.then(
      () => callback(null, chunk),
      () => callback(null, chunk),
    );
  }
}
