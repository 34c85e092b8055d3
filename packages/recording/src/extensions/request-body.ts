/**
 * `request.postData`: the request body, kept byte-exact like a response body (inline `text`, or a
 * sidecar named by `_file`/`_sha256`) with its exact `size`. Replay matches a live request on the
 * facts decoded here: size and sha256 always, and the text when the body is UTF-8 (so that JSON
 * bodies are compared structurally, not byte by byte).
 *
 * A body the proxy must not keep (a secret, e.g. `POST /auth`) is recorded as a placeholder text;
 * the proxy decides which (redact.ts there) and hands the placeholder in.
 */
import { createHash } from 'node:crypto';
import type { HarPostData, RecordedContent } from '../har-types.js';
import { checkContent, decodeSidecar, inlineBytes } from './sidecar-content.js';
import type { Fail } from './field-check.js';

/** What replay compares a live request body with. */
export interface RequestBodyFacts {
  size: number;
  /** sha256 of the bytes (hex). */
  sha256: string;
  /** The bytes as UTF-8 text, when the body was recorded as text. */
  text?: string;
}

/** `request.postData` for a recorded body; undefined (field left out) for none or an empty one. */
export function encodePostData(body: RecordedContent | undefined, redactedAs?: string): HarPostData | undefined {
  if (!body || body.size === 0) return undefined;
  if (redactedAs !== undefined) return { size: Buffer.byteLength(redactedAs), mimeType: body.mimeType, text: redactedAs };
  return { ...body, text: body.text ?? '' };
}

/** The facts of a recorded request body; undefined when there was none. */
export function decodeRequestBody(postData: HarPostData | undefined): RequestBodyFacts | undefined {
  if (!postData || postData.size === 0) return undefined;
  const sidecar = decodeSidecar(postData);
  if (sidecar) return { size: postData.size, sha256: sidecar.sha256 };
  const bytes = inlineBytes(postData);
  const facts: RequestBodyFacts = { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  if (postData.encoding !== 'base64') facts.text = postData.text ?? '';
  return facts;
}

export function checkPostData(value: unknown, fail: Fail): void {
  if (value !== undefined) checkContent(value, 'request.postData', fail);
}
