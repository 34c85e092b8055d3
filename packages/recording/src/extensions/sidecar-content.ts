/**
 * `_file` and `_sha256` on a body (`response.content`, `request.postData`, the `content` of each
 * `_hijack` stream): a body that is not kept inline as HAR `text` lives in a content-addressed
 * sidecar `blobs/<sha256>` beside the recording, and `text` is ''. `size` is always the exact byte
 * count. Which bodies go inline is text-body.ts; writing the blob is body-sink.ts; reading and
 * verifying it is sidecar-bodies.ts. This module is only the fields.
 */
import { BLOB_DIR } from '../format-version.js';
import type { RecordedContent } from '../har-types.js';
import { isObject, shown, type Fail } from './field-check.js';

/** A sidecar body as the entry names it. */
export interface SidecarRef {
  /** Relative to the recording: always `blobs/<sha256>`. */
  file: string;
  sha256: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The content of a body stored in `blobs/<sha256>`. */
export function encodeSidecarContent(size: number, mimeType: string, sha256: string): RecordedContent {
  return { size, mimeType, text: '', _file: `${BLOB_DIR}/${sha256}`, _sha256: sha256 };
}

/** The sidecar a body is in; undefined for an inline body. */
export function decodeSidecar(content: Pick<RecordedContent, '_file' | '_sha256'>): SidecarRef | undefined {
  return content._file ? { file: content._file, sha256: content._sha256 ?? '' } : undefined;
}

/** The bytes of an inline body (HAR `text`, base64 when `encoding` says so). */
export function inlineBytes(content: Pick<RecordedContent, 'text' | 'encoding'>): Buffer {
  return Buffer.from(content.text ?? '', content.encoding === 'base64' ? 'base64' : 'utf8');
}

export function checkContent(value: unknown, where: string, fail: Fail): void {
  if (!isObject(value)) return fail(`${where} is missing`);
  const c = value;
  if (typeof c.size !== 'number' || !Number.isInteger(c.size) || c.size < 0) fail(`${where}.size ${shown(c.size)}: expected the byte count`);
  if (c.text !== undefined && typeof c.text !== 'string') fail(`${where}.text is not a string`);
  if (c.encoding !== undefined && c.encoding !== 'base64') fail(`${where}.encoding ${JSON.stringify(c.encoding)}: only base64 is read`);
  if (c._file === undefined) return;
  // A sidecar is always `blobs/<its sha256>` beside the recording: anything else (an absolute
  // path, `../`) would make replay serve a file from elsewhere on the machine.
  if (typeof c._sha256 !== 'string' || !SHA256.test(c._sha256)) fail(`${where}._sha256 ${shown(c._sha256)}: expected the sha256 (64 hex digits) of the sidecar body`);
  if (c._file !== `${BLOB_DIR}/${c._sha256 as string}`) fail(`${where}._file ${JSON.stringify(c._file)}: expected ${BLOB_DIR}/<its _sha256>`);
}
