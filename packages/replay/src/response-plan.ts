/**
 * What to send back for a recorded exchange: status, headers and the body as timed chunks.
 *
 * - Headers as recorded (`Content-Type`, `Api-Version`, `X-Docker-Container-Path-Stat`, ...),
 *   minus the hop-by-hop ones the replaying side sets itself.
 * - Bodies byte-exact: inline text as is (JSON and text bodies get ids and names rebound),
 *   sidecars streamed from disk, never read whole.
 * - A sidecar is opened, and proven to be the recorded body, while the plan is made, i.e.
 *   BEFORE the response head goes out: a blob that changed since it was verified at load is
 *   refused with an error response instead of a 200 followed by wrong bytes (@docktape/recording
 *   sidecar-bodies.ts has the whole argument). So `planResponse` is async and may throw a
 *   ReplayError with code `fixture`.
 * - Chunked as recorded (`_chunks`), each chunk at its recorded time under the chosen timing.
 *
 * @note This is where the recording's `_chunks` field is decoded (`splitInline`, `alongTimings`,
 * from `entry._chunks` and a hijacked stream's `chunks`); the proxy encodes it
 * (proxy/chunk-clock.ts). Both ends are meant to move to one codec in @docktape/recording.
 */
import { entryRef, RecordingError, openSidecar, type ChunkTiming, type EntryBody, type HarEntry, type HarNameValue, type RecordedContent, type Recording } from '@docktape/recording';
import type { Rebinder } from './rebind-ids.js';
import { ReplayError } from './replay-error.js';
import { replayAt, sleepUntil, type Timing } from './timing.js';

export interface TimedChunk {
  /** ms after the exchange started, as recorded. */
  atMs: number;
  bytes: Uint8Array;
}

export interface ResponsePlan {
  status: number;
  statusText: string;
  /** Headers to send (hop-by-hop ones removed, Content-Length fixed after rebinding). */
  headers: [string, string][];
  /** ms after the request when the recorded head arrived. */
  headAtMs: number;
  /** Null when the status or method has no body. */
  body: AsyncIterable<TimedChunk> | null;
  /** Releases the sidecar if the body is not read to its end (idempotent; reading to the end releases it too). */
  close(): Promise<void>;
}

export interface RecordedBody {
  chunks: AsyncIterable<TimedChunk>;
  close(): Promise<void>;
}

const nothingToClose = async () => undefined;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const NO_BODY = new Set([101, 204, 205, 304]);
/** Bodies whose text may hold ids and names: JSON (errors, inspect, wait, stats) and plain text. */
const REWRITABLE = /^(application\/json|text\/plain)\b/i;

export async function planResponse(recording: Recording, index: number, entry: HarEntry, method: string, rebinder: Rebinder): Promise<ResponsePlan> {
  const { response } = entry;
  const contentType = header(response.headers, 'content-type') ?? response.content.mimeType ?? '';
  const headers = response.headers.filter((h) => !HOP_BY_HOP.has(h.name.toLowerCase())).map((h): [string, string] => [h.name, h.value]);
  const base = { status: response.status, statusText: response.statusText, headAtMs: entry.timings?.wait ?? 0 };
  if (NO_BODY.has(response.status) || method.toUpperCase() === 'HEAD') return { ...base, headers, body: null, close: nothingToClose };
  const { content } = response;
  if (!content._file && REWRITABLE.test(contentType)) {
    const pieces = splitInline(content, entry._chunks).map((c) => ({ atMs: c.atMs, bytes: Buffer.from(rebinder.toLive(Buffer.from(c.bytes).toString('utf8'))) }));
    const length = pieces.reduce((n, c) => n + c.bytes.length, 0);
    const fixed = headers.map(([n, v]): [string, string] => (n.toLowerCase() === 'content-length' ? [n, String(length)] : [n, v]));
    return { ...base, headers: fixed, body: fromArray(pieces), close: nothingToClose };
  }
  const body = await openRecordedBody(recording, index, entry, { where: 'response body', content }, entry._chunks);
  return { ...base, headers, body: body.chunks, close: body.close };
}

export function header(headers: HarNameValue[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

async function* fromArray(chunks: TimedChunk[]): AsyncGenerator<TimedChunk> {
  yield* chunks;
}

/** Splits an inline body along the recorded chunk sizes (the rest, if any, as one last chunk). */
export function splitInline(content: RecordedContent, chunks: ChunkTiming[] | undefined): TimedChunk[] {
  const bytes = Buffer.from(content.text ?? '', content.encoding === 'base64' ? 'base64' : 'utf8');
  return splitBytes(bytes, chunks);
}

export function splitBytes(bytes: Uint8Array, chunks: ChunkTiming[] | undefined): TimedChunk[] {
  if (bytes.length === 0) return [];
  if (!chunks || chunks.length === 0) return [{ atMs: 0, bytes }];
  const out: TimedChunk[] = [];
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

/**
 * A recorded body (inline or sidecar) as timed chunks. A sidecar is opened and proven to be the
 * recorded body before this resolves (it rejects with a ReplayError `fixture` otherwise), and
 * streamed from disk along the recorded chunk sizes.
 */
export async function openRecordedBody(recording: Recording, index: number, entry: HarEntry, body: EntryBody, chunks: ChunkTiming[] | undefined): Promise<RecordedBody> {
  const { content } = body;
  if (!content._file) return { chunks: fromArray(splitInline(content, chunks)), close: nothingToClose };
  const what = `${recording.file} (entry ${index}, _seq ${entry._seq}): the ${body.where}`;
  let opened;
  try {
    opened = await openSidecar(recording.file, body, entryRef(index, entry));
  } catch (err) {
    throw asReplayError(err, what);
  }
  return { chunks: alongTimings(opened.pieces, chunks ?? [], what), close: opened.close };
}

/** Re-cuts the pieces read from disk along the recorded chunk sizes; bytes past them follow as read. */
async function* alongTimings(pieces: AsyncIterable<Buffer>, timings: ChunkTiming[], what: string): AsyncGenerator<TimedChunk> {
  let next = 0; // index into timings
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const piece of pieces) {
      if (next >= timings.length) {
        yield { atMs: timings.at(-1)?.[0] ?? 0, bytes: piece };
        continue;
      }
      pending.push(piece);
      pendingBytes += piece.length;
      // Emit every recorded chunk that the bytes read so far complete.
      while (next < timings.length && pendingBytes >= timings[next]![1]) {
        const [atMs, want] = timings[next++]!;
        const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        yield { atMs, bytes: all.subarray(0, want) };
        const rest = all.subarray(want);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
  } catch (err) {
    throw asReplayError(err, what);
  }
  if (pendingBytes > 0) yield { atMs: timings.at(-1)?.[0] ?? 0, bytes: Buffer.concat(pending) };
}

/** An error met while reading a recorded body, as the ReplayError the engine reports (`what`: whose body, for one the reader did not word). */
function asReplayError(err: unknown, what: string): ReplayError {
  if (err instanceof ReplayError) return err;
  if (err instanceof RecordingError) return ReplayError.fromFixture(err);
  return new ReplayError('fixture', `${what} could not be read: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/** Waits for each chunk's turn under `timing`, counted from `t0` (performance.now()). */
export async function* paced(chunks: AsyncIterable<TimedChunk>, timing: Timing, t0: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await sleepUntil(t0, replayAt(chunk.atMs, timing));
    yield chunk.bytes;
  }
}
