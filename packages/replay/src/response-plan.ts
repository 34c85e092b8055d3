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
 *   The `_chunks` field is decoded and bodies cut along it by @docktape/recording's chunk-timing
 *   codec, which the proxy encodes with.
 */
import {
  alongChunks,
  decodeChunks,
  decodeSidecar,
  entryRef,
  inlineBytes,
  RecordingError,
  openSidecar,
  splitAlongChunks,
  type ChunkTiming,
  type EntryBody,
  type HarEntry,
  type HarNameValue,
  type RecordedContent,
  type Recording,
} from '@docktape/recording';
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
  if (!decodeSidecar(content) && REWRITABLE.test(contentType)) {
    const pieces = splitInline(content, decodeChunks(entry)).map((c) => ({ atMs: c.atMs, bytes: Buffer.from(rebinder.toLive(Buffer.from(c.bytes).toString('utf8'))) }));
    const length = pieces.reduce((n, c) => n + c.bytes.length, 0);
    const fixed = headers.map(([n, v]): [string, string] => (n.toLowerCase() === 'content-length' ? [n, String(length)] : [n, v]));
    return { ...base, headers: fixed, body: fromArray(pieces), close: nothingToClose };
  }
  const body = await openRecordedBody(recording, index, entry, { where: 'response body', content }, decodeChunks(entry));
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
  return splitBytes(inlineBytes(content), chunks);
}

/** Cut along the recorded chunk sizes by the format's own decoder (@docktape/recording chunk-timing.ts). */
export function splitBytes(bytes: Uint8Array, chunks: ChunkTiming[] | undefined): TimedChunk[] {
  return splitAlongChunks(bytes, chunks);
}

/**
 * A recorded body (inline or sidecar) as timed chunks. A sidecar is opened and proven to be the
 * recorded body before this resolves (it rejects with a ReplayError `fixture` otherwise), and
 * streamed from disk along the recorded chunk sizes.
 */
export async function openRecordedBody(recording: Recording, index: number, entry: HarEntry, body: EntryBody, chunks: ChunkTiming[] | undefined): Promise<RecordedBody> {
  const { content } = body;
  if (!decodeSidecar(content)) return { chunks: fromArray(splitInline(content, chunks)), close: nothingToClose };
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
  try {
    yield* alongChunks(pieces, timings);
  } catch (err) {
    throw asReplayError(err, what);
  }
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
