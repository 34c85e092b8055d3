import { describe, expect, it } from 'vitest';
import { legacyBodyLength } from './legacy-body.js';

// [name, { given: the request's headers, want: body bytes the proxy collects, or undefined: left to Node }]
const rows: Array<[string, { given: Record<string, string>; want: number | undefined }]> = [
  ['Content-Length', { given: { 'content-length': '28' }, want: 28 }],
  ['no body headers: no body', { given: {}, want: 0 }],
  ['Content-Length 0', { given: { 'content-length': '0' }, want: 0 }],
  ['chunked: Node de-chunks it', { given: { 'transfer-encoding': 'chunked' }, want: undefined }],
  ['both: Node decides', { given: { 'transfer-encoding': 'chunked', 'content-length': '5' }, want: undefined }],
  ['not a number', { given: { 'content-length': '12abc' }, want: undefined }],
  ['at the 1 MiB limit', { given: { 'content-length': String(1024 * 1024) }, want: 1024 * 1024 }],
  ['over the limit: refused on the HTTP path', { given: { 'content-length': String(1024 * 1024 + 1) }, want: undefined }],
];

describe('legacyBodyLength', () => {
  it.each(rows)('%s', (_name, { given, want }) => {
    expect(legacyBodyLength(given)).toBe(want);
  });
});
