/**
 * The request side of matching, for both ends: a live request body's facts as its bytes stream
 * in (`BodyFactsBuilder`), and the same facts decoded from a recorded entry (`recordedRequest`).
 *
 * The recording's request-body fields (`postData.text` / `encoding`, the sidecar's `_file` /
 * `_sha256`) are decoded by @docktape/recording's request-body codec, which the proxy encodes with.
 */
import { createHash } from 'node:crypto';
import { decodeRequestBody, type HarEntry } from '@docktape/recording';
import { foldUrl } from './fold-path.js';
import type { ComparableRequest, RequestBodyFacts } from './match-request.js';

/** A recorded request as matching compares it: method, folded path and query, body facts. */
export function recordedRequest(entry: HarEntry): ComparableRequest {
  const folded = foldUrl(entry.request.url);
  return { method: entry.request.method.toUpperCase(), path: folded.path, query: folded.query, body: recordedBodyFacts(entry) };
}

function recordedBodyFacts(entry: HarEntry): RequestBodyFacts | undefined {
  // a sidecar body is known by the hash the recording carries (verified at load), never read here
  return decodeRequestBody(entry.request.postData);
}

/** Facts about a live request body (sha256, and the text when it is UTF-8 and at most 1 MiB). */
export class BodyFactsBuilder {
  private readonly hash = createHash('sha256');
  private readonly held: Buffer[] = [];
  private size = 0;
  private static readonly TEXT_LIMIT = 1024 * 1024;

  push(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.size <= BodyFactsBuilder.TEXT_LIMIT) this.held.push(Buffer.from(chunk));
  }

  done(): RequestBodyFacts | undefined {
    if (this.size === 0) return undefined;
    const facts: RequestBodyFacts = { size: this.size, sha256: this.hash.digest('hex') };
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
