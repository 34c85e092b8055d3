/**
 * Decoder for the daemon's multiplexed stream (logs, attach, exec of non-TTY containers): frames
 * of an 8-byte header `[type, 0, 0, 0, size uint32 BE]` followed by `size` bytes of payload.
 * Type 0 is stdin (written to stdout, as moby's stdcopy does), 1 stdout, 2 stderr, 3 a daemon
 * error carried inside the stream.
 *
 * Pure logic (no Node APIs), fed chunk by chunk: headers and payloads may be split across
 * chunks at any offset. Why it is fast: a payload that lies inside one chunk is returned as a
 * view of that chunk (no copy, no concatenation); only a payload split across chunks is copied,
 * once, into a buffer of its final size.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttach (Stream format)
 */
import { DockerStreamError } from './errors.js';

export type OutputStream = 'stdout' | 'stderr';

export interface Frame {
  stream: OutputStream;
  /** The payload. May share memory with the chunk it came from: do not mutate the input. */
  data: Uint8Array;
}

export const HEADER_SIZE = 8;
const STREAMS: readonly (OutputStream | undefined)[] = ['stdout', 'stdout', 'stderr'];
const SYSTEM_ERROR = 3;

export class FrameDecoder {
  private readonly header = new Uint8Array(HEADER_SIZE);
  private headerFill = 0;
  /** Payload being assembled across chunks (null between frames). */
  private pending: Uint8Array | null = null;
  private pendingFill = 0;
  private pendingType = 0;
  /** Set by a type-3 frame or an unknown type; decoding stops there. */
  failure: DockerStreamError | undefined;

  /**
   * Decodes what `chunk` completes. Returns the whole frames it finishes, in order; after a
   * failure (see `failure`) the rest of the input is ignored.
   */
  push(chunk: Uint8Array): Frame[] {
    const out: Frame[] = [];
    if (this.failure) return out;
    const len = chunk.length;
    let pos = 0;

    if (this.pending) pos = this.fillPending(chunk, 0, out);
    if (this.headerFill > 0 && pos < len) pos = this.fillHeader(chunk, pos, out);

    // Hot loop: whole headers inside this chunk.
    while (pos + HEADER_SIZE <= len && !this.failure) {
      const type = chunk[pos]!;
      if (!this.knownType(type)) break;
      const size = ((chunk[pos + 4]! << 24) >>> 0) + (chunk[pos + 5]! << 16) + (chunk[pos + 6]! << 8) + chunk[pos + 7]!;
      pos += HEADER_SIZE;
      if (pos + size <= len) {
        this.emit(type, chunk.subarray(pos, pos + size), out);
        pos += size;
      } else {
        this.startPending(type, size);
        pos = this.fillPending(chunk, pos, out);
      }
    }
    if (pos < len && !this.failure) {
      // Fewer than 8 bytes left: the start of a header.
      this.header.set(chunk.subarray(pos), 0);
      this.headerFill = len - pos;
    }
    return out;
  }

  /**
   * End of input. Returns the payload of a frame cut short (the bytes that did arrive), so
   * output written just before a connection dropped is not lost; a partial header is dropped,
   * as moby's stdcopy does.
   */
  end(): Frame[] {
    const out: Frame[] = [];
    if (!this.failure && this.pending && this.pendingFill > 0) {
      this.emit(this.pendingType, this.pending.subarray(0, this.pendingFill), out);
    }
    this.pending = null;
    this.headerFill = 0;
    return out;
  }

  private fillHeader(chunk: Uint8Array, pos: number, out: Frame[]): number {
    const take = Math.min(HEADER_SIZE - this.headerFill, chunk.length - pos);
    this.header.set(chunk.subarray(pos, pos + take), this.headerFill);
    this.headerFill += take;
    pos += take;
    if (this.headerFill < HEADER_SIZE) return pos;
    this.headerFill = 0;
    const h = this.header;
    if (!this.knownType(h[0]!)) return chunk.length;
    const size = ((h[4]! << 24) >>> 0) + (h[5]! << 16) + (h[6]! << 8) + h[7]!;
    this.startPending(h[0]!, size);
    return this.fillPending(chunk, pos, out);
  }

  /**
   * Checked as soon as a header is read, before its size is trusted: a TTY stream read as
   * multiplexed would otherwise announce a frame of up to 4 GiB ("hello wo" is type 0x68, size
   * 0x6f20776f) and the decoder would allocate it and wait for it forever.
   */
  private knownType(type: number): boolean {
    if (type <= SYSTEM_ERROR) return true;
    this.failure = unknownType(type);
    return false;
  }

  private startPending(type: number, size: number): void {
    this.pendingType = type;
    this.pending = new Uint8Array(size);
    this.pendingFill = 0;
  }

  private fillPending(chunk: Uint8Array, pos: number, out: Frame[]): number {
    const pending = this.pending!;
    const take = Math.min(pending.length - this.pendingFill, chunk.length - pos);
    pending.set(chunk.subarray(pos, pos + take), this.pendingFill);
    this.pendingFill += take;
    if (this.pendingFill === pending.length) {
      this.pending = null;
      this.emit(this.pendingType, pending, out);
    }
    return pos + take;
  }

  private emit(type: number, data: Uint8Array, out: Frame[]): void {
    const stream = STREAMS[type];
    if (stream) out.push({ stream, data });
    else if (type === SYSTEM_ERROR) this.failure = DockerStreamError.fromDaemon(new TextDecoder().decode(data));
    else this.failure = unknownType(type);
  }
}

function unknownType(type: number): DockerStreamError {
  return new DockerStreamError('unknown-frame-type', `unrecognized stream type ${type} in multiplexed stream (is the container a TTY?)`);
}

/**
 * Demultiplexes a byte stream (a Node Readable, a web stream, any async iterable of chunks) into
 * frames. A type-3 frame throws `DockerStreamError` after the frames before it were yielded.
 */
export async function* demuxFrames(source: AsyncIterable<Uint8Array>): AsyncGenerator<Frame, void, undefined> {
  const decoder = new FrameDecoder();
  for await (const chunk of source) {
    const frames = decoder.push(chunk);
    for (let i = 0; i < frames.length; i++) yield frames[i]!;
    if (decoder.failure) throw decoder.failure;
  }
  yield* decoder.end();
}

/** A TTY's raw bytes as frames: all output is stdout, as the daemon cannot tell them apart. */
export async function* rawFrames(source: AsyncIterable<Uint8Array>): AsyncGenerator<Frame, void, undefined> {
  for await (const chunk of source) if (chunk.length > 0) yield { stream: 'stdout', data: chunk };
}

/** Encodes one frame (for tests, replay and fixtures). */
export function encodeFrame(stream: OutputStream | 'stdin' | 'system', data: Uint8Array): Uint8Array {
  const type = { stdin: 0, stdout: 1, stderr: 2, system: SYSTEM_ERROR }[stream];
  const out = new Uint8Array(HEADER_SIZE + data.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(4, data.length, false);
  out.set(data, HEADER_SIZE);
  return out;
}

export interface CollectedText {
  stdout: string;
  stderr: string;
}

/** Collects frames into text per stream (UTF-8, multi-byte characters split across frames kept whole). */
export async function collectText(frames: AsyncIterable<Frame>): Promise<CollectedText> {
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const text = { stdout: '', stderr: '' };
  for await (const f of frames) text[f.stream] += decoders[f.stream].decode(f.data, { stream: true });
  text.stdout += decoders.stdout.decode();
  text.stderr += decoders.stderr.decode();
  return text;
}
