import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readTar, tarContentType, TarReader } from './tar-reader.js';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** A tar of a directory, a file and a symlink, with the owner and time given. */
async function packed(over: { mtime?: Date; uid?: number; uname?: string; pax?: boolean } = {}): Promise<Buffer> {
  const pack = tar.pack();
  const common = { mtime: over.mtime ?? new Date(Date.UTC(2024, 0, 1)), uid: over.uid ?? 0, gid: over.uid ?? 0, uname: over.uname ?? 'root', gname: over.uname ?? 'root' };
  pack.entry({ name: 'd', type: 'directory', mode: 0o755, ...common });
  // a pax header (a long name forces one) carries its own records: the entry is read through it
  pack.entry({ name: over.pax ? `d/${'x'.repeat(120)}` : 'd/hello.txt', mode: 0o644, ...common }, 'hello\n');
  pack.entry({ name: 'd/link', type: 'symlink', linkname: 'hello.txt', mode: 0o777, ...common });
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Fed in pieces of `size` bytes, as a socket would. */
async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('TarReader', () => {
  it('reads the manifest of a tar fed in small pieces', async () => {
    expect(await readTar(pieces(await packed(), 7))).toEqual({
      kind: 'tar',
      entries: [
        { name: 'd', type: 'directory', mode: 0o755, size: 0, linkname: '', sha256: sha('') },
        { name: 'd/hello.txt', type: 'file', mode: 0o644, size: 6, linkname: '', sha256: sha('hello\n') },
        { name: 'd/link', type: 'symlink', mode: 0o777, size: 0, linkname: 'hello.txt', sha256: sha('') },
      ],
    });
  });

  it('gives the same manifest whatever the mtimes and owners', async () => {
    const a = await readTar(pieces(await packed(), 512));
    const b = await readTar(pieces(await packed({ mtime: new Date(), uid: 1000, uname: 'someone' }), 512));
    expect(b).toEqual(a);
  });

  it('applies pax records (a long name) to the entry', async () => {
    const got = await readTar(pieces(await packed({ pax: true }), 100));
    expect(got.kind === 'tar' && got.entries.map((e) => e.name)).toContain(`d/${'x'.repeat(120)}`);
  });

  it.each([
    ['JSON', Buffer.from('{"Image":"busybox"}'.padEnd(600, ' ')), undefined, { kind: 'not-tar', why: expect.stringMatching(/Invalid tar header/) }],
    ['a short body', Buffer.from('{}'), undefined, { kind: 'not-tar', why: 'Unexpected end of data' }],
    ['a gzipped tar sent as application/x-tar', gzipSync(Buffer.alloc(2048), { level: 0 }), 'application/x-tar', { kind: 'not-tar', why: expect.stringMatching(/Invalid tar header/), claimedBy: 'Content-Type application/x-tar' }],
    ['zero blocks only, not claimed', Buffer.alloc(1024), undefined, { kind: 'not-tar', why: 'no tar entries' }],
    ['zero blocks only, claimed: a tar of no entries', Buffer.alloc(1024), 'application/x-tar; charset=binary', { kind: 'tar', entries: [] }],
  ] as const)('%s', async (_name, bytes, contentType, want) => {
    expect(await readTar(pieces(bytes, 300), contentType)).toEqual(want);
  });

  it('a tar cut short claims to be one (its header parsed) and is not', async () => {
    const whole = await packed();
    expect(await readTar(pieces(whole.subarray(0, 512 + 512 + 100), 64))).toEqual({ kind: 'not-tar', why: 'Unexpected end of data', claimedBy: 'a tar header' });
  });

  it('a corrupt header after a good one: claimed, not a tar', async () => {
    const bytes = Buffer.from(await packed());
    bytes.writeUInt8(bytes.readUInt8(512 + 148) ^ 0x7, 512 + 148); // the checksum of the second header (the directory has no content blocks)
    expect(await readTar(pieces(bytes, 4096))).toMatchObject({ kind: 'not-tar', why: expect.stringMatching(/Invalid tar header/), claimedBy: 'a tar header' });
  });

  it('hashes a large entry fed in many pieces, awaiting each push', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    const pack = tar.pack();
    pack.entry({ name: 'big', mode: 0o600 }, big);
    pack.finalize();
    const reader = new TarReader();
    let pushes = 0;
    for await (const c of pack) {
      await reader.push(c as Buffer);
      pushes++;
    }
    expect(pushes).toBeGreaterThan(1);
    expect(await reader.done()).toEqual({ kind: 'tar', entries: [{ name: 'big', type: 'file', mode: 0o600, size: big.length, linkname: '', sha256: sha(big) }] });
  });
});

describe('tarContentType', () => {
  it.each([
    ['application/x-tar', true],
    ['Application/X-Tar; charset=binary', true],
    ['application/x-tar+gzip', false],
    ['application/json', false],
    [undefined, false],
  ] as const)('%s', (value, want) => expect(tarContentType(value)).toBe(want));
});
