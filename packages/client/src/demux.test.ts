import { describe, expect, it } from 'vitest';
import { collectText, demuxFrames, encodeFrame, FrameDecoder, rawFrames, type Frame } from './demux.js';
import { DockerStreamError } from './errors.js';

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};
/** Splits `input` into chunks at the given offsets. */
const splitAt = (input: Uint8Array, cuts: number[]) => {
  const points = [0, ...cuts.filter((c) => c > 0 && c < input.length).sort((a, b) => a - b), input.length];
  return points.slice(1).map((end, i) => input.subarray(points[i]!, end));
};
const decodeAll = (chunks: Uint8Array[]) => {
  const d = new FrameDecoder();
  const frames: Frame[] = [];
  for (const c of chunks) frames.push(...d.push(c));
  frames.push(...d.end());
  return { frames: frames.map((f) => ({ stream: f.stream, text: new TextDecoder().decode(f.data) })), failure: d.failure };
};
async function* from(chunks: Uint8Array[]) {
  yield* chunks;
}

const stream = concat([
  encodeFrame('stdout', bytes('out\n')),
  encodeFrame('stderr', bytes('err\n')),
  encodeFrame('stdin', bytes('echoed stdin')),
  encodeFrame('stdout', bytes('')),
  encodeFrame('stderr', bytes('x'.repeat(300))),
]);
const want = [
  { stream: 'stdout', text: 'out\n' },
  { stream: 'stderr', text: 'err\n' },
  { stream: 'stdout', text: 'echoed stdin' },
  { stream: 'stdout', text: '' },
  { stream: 'stderr', text: 'x'.repeat(300) },
];

describe('FrameDecoder', () => {
  const cases: [string, { chunks: Uint8Array[] }][] = [
    ['one chunk holding every frame', { chunks: [stream] }],
    ['one byte per chunk', { chunks: splitAt(stream, [...stream.keys()]) }],
    ['split inside the first header', { chunks: splitAt(stream, [3]) }],
    ['split right after a header', { chunks: splitAt(stream, [8]) }],
    ['split inside a payload and the next header', { chunks: splitAt(stream, [10, 14, 15]) }],
    ['big payload split in three', { chunks: splitAt(stream, [stream.length - 250, stream.length - 100]) }],
    ['empty chunks in between', { chunks: [new Uint8Array(0), ...splitAt(stream, [5]), new Uint8Array(0)] }],
  ];
  it.each(cases)('%s', (_name, { chunks }) => {
    expect(decodeAll(chunks)).toEqual({ frames: want, failure: undefined });
  });

  it('decodes the same at every single split offset', () => {
    for (let cut = 1; cut < stream.length; cut++) expect(decodeAll(splitAt(stream, [cut])).frames).toEqual(want);
  });

  it('reads sizes above 2^31 as unsigned (no negative length)', () => {
    const d = new FrameDecoder();
    expect(d.push(Uint8Array.of(1, 0, 0, 0, 0x80, 0, 0, 0))).toEqual([]);
    expect(d.failure).toBeUndefined();
  });

  const failures: [string, { input: Uint8Array; before: number; error: RegExp; type: unknown }][] = [
    ['type 3 carries the daemon error', { input: concat([encodeFrame('stdout', bytes('a')), encodeFrame('system', bytes('log driver broke')), encodeFrame('stdout', bytes('b'))]), before: 1, error: /error from daemon in stream: log driver broke/, type: DockerStreamError }],
    ['unknown type (a TTY stream read as multiplexed)', { input: concat([encodeFrame('stdout', bytes('a')), bytes('hello world, raw tty')]), before: 1, error: /unrecognized stream type 104/, type: Error }],
  ];
  it.each(failures)('%s', (_name, { input, before, error, type }) => {
    const { frames, failure } = decodeAll(splitAt(input, [2, 11]));
    expect(frames).toHaveLength(before);
    expect(failure).toBeInstanceOf(type);
    expect(failure?.message).toMatch(error);
  });

  it.each([
    ['in one chunk', ['hello world, raw tty']],
    ['header split across chunks', ['hel', 'lo world, raw tty']],
  ])('an unknown type fails at its header, without waiting for (or allocating) its size: %s', (_n, chunks) => {
    // "hello wo" reads as type 0x68 and size 0x6f20776f (1.8 GB): a live TTY stream would hang.
    const d = new FrameDecoder();
    for (const c of chunks) expect(d.push(bytes(c))).toEqual([]);
    expect(d.failure?.message).toMatch(/unrecognized stream type 104 .*is the container a TTY/);
  });

  it('end() returns the bytes of a frame cut short and drops a partial header', () => {
    const cut = encodeFrame('stderr', bytes('partial line')).subarray(0, 8 + 7);
    expect(decodeAll([cut]).frames).toEqual([{ stream: 'stderr', text: 'partial' }]);
    expect(decodeAll([cut.subarray(0, 5)]).frames).toEqual([]);
  });

  it('returns a view of the chunk when a payload lies inside it (no copy)', () => {
    const d = new FrameDecoder();
    const [frame] = d.push(stream);
    expect(frame!.data.buffer).toBe(stream.buffer);
  });
});

describe('demuxFrames / collectText', () => {
  it('yields the frames then throws the type-3 error', async () => {
    const seen: string[] = [];
    const input = concat([encodeFrame('stdout', bytes('first')), encodeFrame('system', bytes('boom'))]);
    await expect(async () => {
      for await (const f of demuxFrames(from(splitAt(input, [6])))) seen.push(new TextDecoder().decode(f.data));
    }).rejects.toThrow(DockerStreamError);
    expect(seen).toEqual(['first']);
  });

  it('collects text per stream, keeping multi-byte characters split across frames', async () => {
    const euro = bytes('€'); // 3 bytes
    const input = concat([
      encodeFrame('stdout', concat([bytes('price '), euro.subarray(0, 1)])),
      encodeFrame('stderr', bytes('warn\n')),
      encodeFrame('stdout', concat([euro.subarray(1), bytes('5\n')])),
    ]);
    expect(await collectText(demuxFrames(from(splitAt(input, [4, 20]))))).toEqual({ stdout: 'price €5\n', stderr: 'warn\n' });
  });

  it('rawFrames passes TTY bytes through as stdout, headers and all', async () => {
    const input = concat([bytes('\x01\x00\x00\x00tty'), bytes('\r\n')]);
    expect(await collectText(rawFrames(from([input])))).toEqual({ stdout: '\x01\x00\x00\x00tty\r\n', stderr: '' });
  });
});
