/**
 * The request side of matching, for both ends: a live request body's facts as its bytes stream
 * in (`BodyFactsBuilder`), and the same facts decoded from a recorded entry (`recordedRequest`).
 *
 * The recording's request-body fields (`postData.text` / `encoding`, the sidecar's `_file` /
 * `_sha256`) are decoded by @docktape/recording's request-body codec, which the proxy encodes with.
 */
import { createHash } from 'node:crypto';
import { decodeRequestBody, redactedAt, type HarEntry } from '@docktape/recording';
import { foldUrl } from './fold-path.js';
import type { ComparableRequest, RequestBodyFacts } from './match-request.js';
import type { RecordedExchange } from './replay-engine.js';
import { header, openRecordedBody } from './response-plan.js';
import type { TarReading } from './tar-manifest.js';
import { readTar, TarReader } from './tar-reader.js';

/** A recorded request as matching compares it: method, folded path and query, body facts. */
export function recordedRequest(entry: HarEntry): ComparableRequest {
  const folded = foldUrl(entry.request.url);
  const request: ComparableRequest = { method: entry.request.method.toUpperCase(), path: folded.path, query: folded.query, body: recordedBodyFacts(entry) };
  const body = redactedAt(entry, 'request.postData');
  const query = redactedAt(entry, 'request.url');
  if (body.length || query.length) request.redacted = { body, query };
  return request;
}

function recordedBodyFacts(entry: HarEntry): RequestBodyFacts | undefined {
  // a sidecar body is known by the hash the recording carries (verified at load), never read here
  return decodeRequestBody(entry.request.postData);
}

/**
 * A recorded request body read as a tar: inline bytes, or the sidecar streamed from disk (never
 * held whole), through the same reader as a live body. Never throws: a body that cannot be read
 * is `not-tar`, and is then compared by the sha256 the recording carries.
 */
export async function recordedTarReading(x: RecordedExchange): Promise<TarReading> {
  const content = x.entry.request.postData;
  if (!content || content.size === 0) return { kind: 'not-tar', why: 'no body' };
  const contentType = header(x.entry.request.headers, 'content-type') ?? content.mimeType;
  try {
    const body = await openRecordedBody(x.recording, x.index, x.entry, { where: 'request body', content: { ...content, text: content.text ?? '' } }, undefined);
    try {
      return await readTar(bytesOf(body.chunks), contentType);
    } finally {
      await body.close();
    }
  } catch (err) {
    return { kind: 'not-tar', why: `the recorded body could not be read: ${(err as Error)?.message ?? String(err)}` };
  }
}

async function* bytesOf(chunks: AsyncIterable<{ bytes: Uint8Array }>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) yield chunk.bytes;
}

/**
 * Facts about a live request body as it streams in: sha256, the text when it is UTF-8 and at most
 * 1 MiB, and its reading as a tar (tar-reader.ts: the manifest, hashed entry by entry).
 * `push` resolves when the tar reader can take more bytes: awaiting it holds the client back
 * instead of buffering its body.
 */
export class BodyFactsBuilder {
  private readonly hash = createHash('sha256');
  private readonly held: Buffer[] = [];
  private readonly tar: TarReader;
  private size = 0;
  private static readonly TEXT_LIMIT = 1024 * 1024;

  /** `contentType`: the request's `Content-Type`, when the carrier knows it (`application/x-tar` claims a tar). */
  constructor(contentType?: string | null) {
    this.tar = new TarReader(contentType ?? undefined);
  }

  async push(chunk: Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.size <= BodyFactsBuilder.TEXT_LIMIT) this.held.push(Buffer.from(chunk));
    await this.tar.push(chunk);
  }

  async done(): Promise<RequestBodyFacts | undefined> {
    const tar = await this.tar.done();
    if (this.size === 0) return undefined;
    const facts: RequestBodyFacts = { size: this.size, sha256: this.hash.digest('hex'), tar };
    if (this.size <= BodyFactsBuilder.TEXT_LIMIT) {
      try {
        facts.text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(this.held));
      } catch {
        // binary: compared by sha256
      }
    }
    return facts;
  }
}
