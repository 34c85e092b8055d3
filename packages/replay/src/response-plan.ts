/**
 * What to send back for a recorded exchange: status, headers and the body as timed chunks.
 *
 * - Headers as recorded (`Content-Type`, `Api-Version`, `X-Docker-Container-Path-Stat`, ...),
 *   minus the hop-by-hop ones the replaying side sets itself.
 * - Bodies byte-exact: inline text as is (JSON and text bodies get ids and names rebound),
 *   sidecars streamed from disk, never read whole, and checked against their sha256 on the way.
 * - Chunked as recorded (`_chunks`), each chunk at its recorded time under the chosen timing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { bodyPath, type ChunkTiming, type HarEntry, type HarNameValue, type RecordedContent, type Recording } from '@docktape/fixtures';
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
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const NO_BODY = new Set([101, 204, 205, 304]);
/** Bodies whose text may hold ids and names: JSON (errors, inspect, wait, stats) and plain text. */
const REWRITABLE = /^(application\/json|text\/plain)\b/i;

export function planResponse(recording: Recording, index: number, entry: HarEntry, method: string, rebinder: Rebinder): ResponsePlan {
  const { response } = entry;
  const contentType = header(response.headers, 'content-type') ?? response.content.mimeType ?? '';
  const headers = response.headers.filter((h) => !HOP_BY_HOP.has(h.name.toLowerCase())).map((h): [string, string] => [h.name, h.value]);
  const base = { status: response.status, statusText: response.statusText, headAtMs: entry.timings?.wait ?? 0 };
  if (NO_BODY.has(response.status) || method.toUpperCase() === 'HEAD') return { ...base, headers, body: null };
  const { content } = response;
  if (!content._file && REWRITABLE.test(contentType)) {
    const pieces = splitInline(content, entry._chunks).map((c) => ({ atMs: c.atMs, bytes: Buffer.from(rebinder.toLive(Buffer.from(c.bytes).toString('utf8'))) }));
    const length = pieces.reduce((n, c) => n + c.bytes.length, 0);
    const fixed = headers.map(([n, v]): [string, string] => (n.toLowerCase() === 'content-length' ? [n, String(length)] : [n, v]));
    return { ...base, headers: fixed, body: fromArray(pieces) };
  }
  return { ...base, headers, body: recordedBody(recording, index, content, entry._chunks) };
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

/** A recorded body (inline or sidecar) as timed chunks; sidecars are streamed and hash-checked. */
export async function* recordedBody(recording: Recording, index: number, content: RecordedContent, chunks: ChunkTiming[] | undefined): AsyncGenerator<TimedChunk> {
  const file = bodyPath(recording.file, content);
  if (!file) {
    yield* splitInline(content, chunks);
    return;
  }
  const hash = createHash('sha256');
  let size = 0;
  const timings = chunks ?? [];
  let next = 0; // index into timings
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const fail = (what: string) => new ReplayError('fixture', `${recording.file} (entry ${index}): sidecar body ${content._file} ${what}`);
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      hash.update(piece);
      size += piece.length;
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
    throw new ReplayError('fixture', `${recording.file} (entry ${index}): sidecar body ${content._file} unreadable: ${(err as Error).message}`, { cause: err });
  } finally {
    stream.destroy();
  }
  if (pendingBytes > 0) yield { atMs: timings.at(-1)?.[0] ?? 0, bytes: Buffer.concat(pending) };
  if (size !== content.size) throw fail(`has ${size} bytes, the entry says ${content.size}`);
  const sha = hash.digest('hex');
  if (content._sha256 && sha !== content._sha256) throw fail(`is corrupt (sha256 ${sha}, the entry says ${content._sha256})`);
}

/** Waits for each chunk's turn under `timing`, counted from `t0` (performance.now()). */
export async function* paced(chunks: AsyncIterable<TimedChunk>, timing: Timing, t0: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    await sleepUntil(t0, replayAt(chunk.atMs, timing));
    yield chunk.bytes;
  }
}
