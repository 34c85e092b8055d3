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
    super({ highWaterMark: 256 * 1024 });
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

/**
 * Moves a body from `source` to `dest`, showing each chunk to `observe` first, with
 * backpressure from both the client (`dest`) and the recorder (a pending promise). A hand-made
 * pump rather than a Transform in a pipeline: on small requests every stream stage costs ticks
 * and allocations, which showed up as added latency.
 */
export function relayBody(
  source: NodeJS.ReadableStream & { destroy(error?: Error): void; destroyed: boolean },
  dest: NodeJS.WritableStream & { cork(): void; uncork(): void; destroy(error?: Error): void; destroyed: boolean; writableFinished: boolean },
  observe: ChunkObserver,
  done: (error: Error | undefined) => void,
): void {
  let finished = false;
  let recorderWaiting = false;
  let destFull = false;
  const finish = (error: Error | undefined) => {
    if (finished) return;
    finished = true;
    if (error) {
      source.destroy();
      dest.destroy();
    }
    done(error);
  };
  const maybeResume = () => {
    if (!recorderWaiting && !destFull) source.resume();
  };
  let corked = false;
  const uncork = () => {
    corked = false;
    dest.uncork();
  };
  source.on('data', (chunk: Buffer) => {
    // Chunks parsed from one socket read arrive in the same tick: corking until the next tick
    // sends them to the client in one writev instead of one syscall each.
    if (!corked) {
      corked = true;
      dest.cork();
      process.nextTick(uncork);
    }
    let waiting: Promise<void> | undefined;
    try {
      waiting = observe(chunk);
    } catch {
      waiting = undefined; // recording trouble never breaks the relay
    }
    if (!dest.write(chunk)) {
      destFull = true;
      source.pause();
    }
    if (waiting) {
      recorderWaiting = true;
      source.pause();
      const resume = () => {
        recorderWaiting = false;
        maybeResume();
      };
      waiting.then(resume, resume);
    }
  });
  dest.on('drain', () => {
    destFull = false;
    maybeResume();
  });
  source.on('end', () => dest.end(() => finish(undefined)));
  // (Node says only "aborted" when the daemon's connection drops mid-body, e.g. a daemon restart)
  source.on('error', (err: Error) => finish(new Error(`daemon connection failed before the end of the body: ${err.message}`)));
  source.on('close', () => {
    if (!finished && !(source as unknown as { readableEnded: boolean }).readableEnded) finish(new Error('upstream closed before the end of the body'));
  });
  dest.on('close', () => {
    if (!finished && !dest.writableFinished) finish(new Error('client closed the connection before the response ended'));
  });
  dest.on('error', (err: Error) => finish(err));
}
