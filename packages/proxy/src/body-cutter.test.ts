import { expect, it } from 'vitest';
import type { BodyFraming } from './chunked-decoder.js';
import { createBodyCutter, type BodyCut } from './body-cutter.js';

// reads fed one after the other: what each cut says, and the body data the recorder saw
it.each<[string, BodyFraming, string[], BodyCut[], string]>([
  ['length: split over two reads', { kind: 'length', length: 5 }, ['abc', 'de'], [{ framed: 3, complete: false }, { framed: 2, complete: true }], 'abcde'],
  ['length: bytes after the body are not framed', { kind: 'length', length: 2 }, ['abXY'], [{ framed: 2, complete: true }], 'ab'],
  ['close: every byte is body, never complete', { kind: 'close' }, ['ab', '', 'c'], [{ framed: 2, complete: false }, { framed: 0, complete: false }, { framed: 1, complete: false }], 'abc'],
  ['chunked: framing passes, data is recorded', { kind: 'chunked' }, ['3\r\nabc\r\n', '0\r\n\r\n'], [{ framed: 8, complete: false }, { framed: 5, complete: true }], 'abc'],
  [
    'chunked: broken framing is an error, not a throw',
    { kind: 'chunked' },
    ['zz\r\n'],
    [{ framed: 4, complete: false, error: 'broken chunked framing from the daemon: bad chunk size "zz"' }],
    '',
  ],
])('%s', (_name, framing, reads, want, data) => {
  const cut = createBodyCutter(framing);
  let seen = '';
  const got = reads.map((r) => cut(Buffer.from(r), (d) => (seen += d.toString())));
  expect(got).toEqual(want);
  expect(seen).toBe(data);
});
