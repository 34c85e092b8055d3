import { describe, expect, it } from 'vitest';
import { jsonValues, JsonValueSplitter } from './json-lines.js';

const enc = new TextEncoder();
const a = { read: '2024-01-01T00:00:00Z', tricky: 'braces } { ] [ and "quotes" \\ and ünïcödé', n: [1, { x: 2 }] };
const b = { read: '2024-01-01T00:00:01Z', empty: {} };
const text = `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`;

async function* from(chunks: Uint8Array[]) {
  yield* chunks;
}
const chunksOf = (s: string, size: number) => {
  const all = enc.encode(s);
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.subarray(i, i + size));
  return out;
};
const collect = async (chunks: Uint8Array[]) => {
  const out: unknown[] = [];
  for await (const v of jsonValues(from(chunks))) out.push(v);
  return out;
};

describe('jsonValues', () => {
  const cases: [string, { chunks: Uint8Array[]; want: unknown[] }][] = [
    ['one chunk with two objects (joined)', { chunks: [enc.encode(text)], want: [a, b] }],
    ['one byte per chunk (split everywhere, inside multi-byte characters too)', { chunks: chunksOf(text, 1), want: [a, b] }],
    ['chunks of 7 bytes', { chunks: chunksOf(text, 7), want: [a, b] }],
    ['no newline between values', { chunks: chunksOf(JSON.stringify(a) + JSON.stringify(b), 13), want: [a, b] }],
    ['arrays and blank lines', { chunks: [enc.encode('\r\n[1,2]\n\n{"k":[]}\n')], want: [[1, 2], { k: [] }] }],
    ['empty stream', { chunks: [], want: [] }],
  ];
  it.each(cases)('%s', async (_name, { chunks, want }) => {
    expect(await collect(chunks)).toEqual(want);
  });

  const broken: [string, { input: string; error: RegExp }][] = [
    ['ends mid-object', { input: '{"a":1}{"b":', error: /ended in the middle/ }],
    ['garbage between values', { input: '{"a":1} x', error: /unexpected byte 0x78/ }],
    ['unbalanced close', { input: '}', error: /unbalanced/ }],
  ];
  it.each(broken)('%s is an error', async (_name, { input, error }) => {
    await expect(collect([enc.encode(input)])).rejects.toThrow(error);
  });

  it('yields a value as soon as its last byte arrives', () => {
    const s = new JsonValueSplitter();
    expect(s.push(enc.encode('{"a":'))).toEqual([]);
    expect(s.partial).toBe(true);
    expect(s.push(enc.encode('1}{"b"'))).toEqual(['{"a":1}']);
    expect(s.push(enc.encode(':2}\n'))).toEqual(['{"b":2}']);
    expect(s.partial).toBe(false);
  });
});
