import { describe, expect, it } from 'vitest';
import { bodyFraming, ChunkedDecoder } from './chunked-decoder.js';

/** Feeds `wire` in pieces cut at `cuts`; returns the decoded body, bytes consumed and the decoder. */
function decode(wire: string, cuts: number[] = []) {
  const bytes = Buffer.from(wire, 'latin1');
  const decoder = new ChunkedDecoder();
  const out: Buffer[] = [];
  let consumed = 0;
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    consumed += decoder.push(bytes.subarray(from, to), (d) => out.push(Buffer.from(d)));
    from = to;
  }
  return { body: Buffer.concat(out).toString('latin1'), consumed, decoder };
}

describe('ChunkedDecoder', () => {
  it.each([
    ['one chunk', '5\r\nhello\r\n0\r\n\r\n', 'hello'],
    ['two chunks, upper-case hex', '3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n', 'abc0123456789'],
    ['extensions ignored', '3;name=value\r\nabc\r\n0;x\r\n\r\n', 'abc'],
    ['trailers skipped', '3\r\nabc\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n', 'abc'],
    ['CRLF bytes inside data are data', '4\r\n\r\n\r\n\r\n0\r\n\r\n', '\r\n\r\n'],
    ['empty body', '0\r\n\r\n', ''],
  ])('%s', (_name, wire, body) => {
    const whole = decode(wire);
    expect(whole.body).toBe(body);
    expect(whole.decoder.done).toBe(true);
    expect(whole.consumed).toBe(wire.length);
    // the same at every single split point, and one byte at a time
    for (let cut = 1; cut < wire.length; cut++) expect(decode(wire, [cut]).body).toBe(body);
    const bytewise = decode(wire, Array.from({ length: wire.length - 1 }, (_, i) => i + 1));
    expect([bytewise.body, bytewise.decoder.done]).toEqual([body, true]);
  });

  it('stops at the end of the body and says how much of the input was framing', () => {
    const { body, consumed, decoder } = decode('2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n');
    expect([body, consumed, decoder.done]).toEqual(['ok', 12, true]);
  });

  it('is not done while the body is incomplete', () => {
    const { body, decoder } = decode('5\r\nhel');
    expect([body, decoder.done, decoder.error]).toEqual(['hel', false, undefined]);
  });

  it.each([
    ['a size that is not hex', 'zz\r\nabc\r\n', /bad chunk size/],
    ['data longer than its size', '2\r\nabc\r\n0\r\n\r\n', /missing CRLF/],
    ['a size line without end', '1'.repeat(5000), /longer than 4 KiB/],
  ])('reports broken framing: %s', (_name, wire, error) => {
    expect(decode(wire).decoder.error).toMatch(error);
  });
});

describe('bodyFraming', () => {
  it.each([
    ['GET', 200, 'chunked', undefined, { kind: 'chunked' }],
    ['GET', 200, 'gzip, chunked', undefined, { kind: 'chunked' }],
    ['GET', 200, undefined, '42', { kind: 'length', length: 42 }],
    ['GET', 200, 'chunked', '42', { kind: 'chunked' }],
    ['HEAD', 200, undefined, '42', { kind: 'length', length: 0 }],
    ['GET', 204, undefined, undefined, { kind: 'length', length: 0 }],
    ['GET', 304, undefined, '10', { kind: 'length', length: 0 }],
    ['GET', 200, undefined, undefined, { kind: 'close' }],
    ['GET', 200, undefined, 'x', { kind: 'close' }],
  ] as const)('%s %i TE=%s CL=%s', (method, status, te, cl, want) => {
    expect(bodyFraming(method, status, te, cl)).toEqual(want);
  });
});
