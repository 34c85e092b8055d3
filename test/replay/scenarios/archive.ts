/**
 * Archive operations and export: put a tar (a text file and a binary file in a directory),
 * stat a directory, a file, a symlink and a missing path, read paths back, export the whole
 * filesystem. The tar is built with fixed times so its bytes are the same on every run.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { failure, type Scenario } from './scenario.js';

/** 300 KiB of deterministic bytes that are not UTF-8 (so replay must keep them byte-exact). */
export function binaryPayload(): Buffer {
  const out = Buffer.alloc(300 * 1024);
  let x = 0x12345678;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export const HELLO = 'hello from docktape\n';

async function packTar(): Promise<Buffer> {
  const pack = tar.pack();
  const mtime = new Date(Date.UTC(2024, 0, 1));
  pack.entry({ name: 'd', type: 'directory', mode: 0o755, mtime });
  pack.entry({ name: 'd/hello.txt', mode: 0o644, mtime }, HELLO);
  pack.entry({ name: 'd/blob.bin', mode: 0o600, mtime }, binaryPayload());
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Entries of a tar stream: name -> { size, sha256 }, plus the bytes of small files. */
export async function readTar(stream: Readable): Promise<Record<string, { type: string; size: number; sha256: string; text?: string }>> {
  const extract = tar.extract();
  const out: Record<string, { type: string; size: number; sha256: string; text?: string }> = {};
  const done = (async () => {
    for await (const entry of extract) {
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of entry) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size <= 4096) chunks.push(chunk as Buffer);
      }
      out[entry.header.name] = {
        type: entry.header.type ?? 'file',
        size,
        sha256: hash.digest('hex'),
        ...(size > 0 && size <= 4096 ? { text: Buffer.concat(chunks).toString('utf8') } : {}),
      };
    }
  })();
  stream.pipe(extract);
  await done;
  return out;
}

export const archive = {
  name: 'archive',
  async run({ client, image, labels }) {
    const c = client.containers;
    const id = (await c.create({ Image: image, Labels: labels, Cmd: ['sleep', '300'] })).Id;
    await c.putArchive(id, '/tmp', await packTar());
    const stat = async (path: string) => {
      const s = await c.archiveInfo(id, path);
      return { name: s.name, size: s.size, isDirectory: s.isDirectory, isSymlink: s.isSymlink, linkTarget: s.linkTarget };
    };
    const dir = await stat('/tmp/d');
    const file = await stat('/tmp/d/hello.txt');
    const link = await stat('/bin/sh');
    const missingStat = await failure(c.archiveInfo(id, '/no/such/path'));
    const missingGet = await failure(c.getArchive(id, '/no/such/path'));
    const got = await c.getArchive(id, '/tmp/d');
    const tree = await readTar(got.tar);
    const putMissingDir = await failure(c.putArchive(id, '/no/such/dir', await packTar()));
    const exported = await readTar(await c.export(id));
    await c.remove(id, { force: true });
    return {
      dir,
      file,
      link,
      missingStat,
      missingGet,
      getStat: { name: got.stat.name, isDirectory: got.stat.isDirectory },
      tree,
      putMissingDir,
      export: { busybox: exported['bin/busybox']?.size, blob: exported['tmp/d/blob.bin'], hello: exported['tmp/d/hello.txt']?.text, entries: Object.keys(exported).length },
    };
  },
} satisfies Scenario;
