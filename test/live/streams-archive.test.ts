/**
 * Export and the archive operations against a real daemon: tar streams in bounded memory, files
 * and trees round-trip byte for byte, the stat header is decoded into the right kind and size.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import tarStream from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DockerApiError } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';

const MiB = 1024 * 1024;

/**
 * A full GC on demand, so what is measured is memory still held, not garbage waiting for the
 * collector (the usual way to get `gc` without starting node with --expose-gc).
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

/** A tar of a small tree: directories, files (one binary), and a relative symlink. */
function treeTar(files: Record<string, Buffer>): Readable {
  const pack = tarStream.pack();
  pack.entry({ name: 'tree/', type: 'directory', mode: 0o755 });
  pack.entry({ name: 'tree/sub/', type: 'directory', mode: 0o750 });
  for (const [name, data] of Object.entries(files)) pack.entry({ name, mode: 0o640 }, data);
  pack.entry({ name: 'tree/sub/link', type: 'symlink', linkname: '../a.txt' });
  pack.finalize();
  return Readable.from(pack);
}

describeLive('streams: export and archive (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'streams-archive');
  const { containers } = tc.client;
  let hostDir: string;
  beforeAll(async () => {
    hostDir = await mkdtemp(path.join(tmpdir(), 'docktape-cp-'));
  });
  afterAll(async () => {
    if (hostDir) await rm(hostDir, { recursive: true, force: true });
  });

  it('export streams the filesystem in bounded memory: a 64 MiB file byte for byte, and bin/busybox', async () => {
    const r = await containers.run(
      { Image: daemon.image, Cmd: ['sh', '-c', 'dd if=/dev/urandom of=/big.bin bs=1048576 count=64 2>/dev/null && sha256sum /big.bin'], Labels: tc.labels },
      { remove: false },
    );
    expect(r.exitCode).toBe(0);
    const wantHash = r.stdout.split(' ')[0];

    const tar = await containers.export(r.id);
    const extract = tarStream.extract();
    tar.pipe(extract);
    const names: string[] = [];
    let bigHash = '';
    let bigSize = 0;
    gc();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let sinceGc = 0;
    for await (const entry of extract) {
      names.push(entry.header.name);
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of entry) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
        sinceGc += (chunk as Buffer).length;
        if (sinceGc >= 4 * MiB) {
          sinceGc = 0;
          gc();
          peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
        }
      }
      if (entry.header.name === 'big.bin') {
        bigHash = hash.digest('hex');
        bigSize = size;
      }
    }
    expect(names).toContain('bin/busybox');
    expect(bigSize).toBe(64 * MiB);
    expect(bigHash).toBe(wantHash);
    // Held memory stays small while 64+ MiB pass through; read whole, the body alone would hold > 64 MiB.
    expect(peak).toBeLessThan(16 * MiB);
  });

  it('a 5 MiB binary file in and out (docker cp semantics), byte-identical', async () => {
    const id = await tc.create();
    await containers.start(id);
    const blob = randomBytes(5 * MiB);

    // Into an existing directory: keeps its own name.
    expect(await containers.copyFileIn(id, { name: 'blob.bin', data: blob }, '/tmp')).toBe('/tmp/blob.bin');
    // To a new name, from a host file (mode kept).
    const hostFile = path.join(hostDir, 'script.sh');
    await writeFile(hostFile, '#!/bin/sh\necho from host\n', { mode: 0o755 });
    expect(await containers.copyFileIn(id, hostFile, '/tmp/renamed.sh')).toBe('/tmp/renamed.sh');
    // From a stream of known size.
    await containers.copyFileIn(id, { name: 'streamed.bin', stream: Readable.from([blob.subarray(0, MiB), blob.subarray(MiB)]), size: blob.length }, '/tmp/');

    const stat = await containers.archiveInfo(id, '/tmp/blob.bin');
    expect(stat).toMatchObject({ name: 'blob.bin', size: 5 * MiB, isFile: true, isDirectory: false, isSymlink: false });
    expect((await containers.archiveInfo(id, '/tmp/renamed.sh')).permissions).toBe(0o755);

    const out = await containers.readFile(id, '/tmp/blob.bin');
    expect((await bytesOf(out.content)).equals(blob)).toBe(true);
    expect((await bytesOf((await containers.readFile(id, '/tmp/streamed.bin')).content)).equals(blob)).toBe(true);

    // Out to a host directory (keeps the name) and to a new host file name.
    expect(await containers.copyFileOut(id, '/tmp/blob.bin', hostDir)).toBe(path.join(hostDir, 'blob.bin'));
    expect((await readFile(path.join(hostDir, 'blob.bin'))).equals(blob)).toBe(true);
    const renamed = path.join(hostDir, 'again.sh');
    await containers.copyFileOut(id, '/tmp/renamed.sh', renamed);
    expect(await readFile(renamed, 'utf8')).toBe('#!/bin/sh\necho from host\n');

    const missingDir = await containers.copyFileIn(id, { name: 'x', data: 'x' }, '/no/such/dir/').catch((e: unknown) => e);
    expect(String(missingDir)).toMatch(/destination directory \/no\/such\/dir\/ does not exist/);
  });

  it('a directory tree with putArchive and getArchive comes back byte-identical; stat kinds and sizes are right', async () => {
    const id = await tc.create();
    await containers.start(id);
    const files = { 'tree/a.txt': Buffer.from('alpha\n'), 'tree/sub/b.bin': randomBytes(300 * 1024), 'tree/sub/empty': Buffer.alloc(0) };
    await containers.putArchive(id, '/tmp', treeTar(files));

    const { stat, tar } = await containers.getArchive(id, '/tmp/tree');
    expect(stat).toMatchObject({ name: 'tree', isDirectory: true, isSymlink: false });
    const extract = tarStream.extract();
    tar.pipe(extract);
    const got: Record<string, { type: string | null | undefined; data?: Buffer; linkname?: string | null | undefined; mode?: number | undefined }> = {};
    for await (const entry of extract) {
      const data = await bytesOf(entry);
      got[entry.header.name.replace(/\/$/, '')] = { type: entry.header.type, data, linkname: entry.header.linkname, mode: entry.header.mode };
    }
    expect(Object.keys(got).sort()).toEqual(['tree', 'tree/a.txt', 'tree/sub', 'tree/sub/b.bin', 'tree/sub/empty', 'tree/sub/link']);
    for (const [name, data] of Object.entries(files)) expect(got[name]?.data?.equals(data), name).toBe(true);
    expect(got['tree/sub/link']).toMatchObject({ type: 'symlink', linkname: '../a.txt' });
    // Go's tar writer keeps the type bits (c_ISDIR) in the mode field: compare the permissions.
    expect((got['tree/sub']?.mode ?? 0) & 0o7777).toBe(0o750);

    expect(await containers.archiveInfo(id, '/tmp/tree/sub')).toMatchObject({ isDirectory: true, permissions: 0o750 });
    expect(await containers.archiveInfo(id, '/tmp/tree/sub/b.bin')).toMatchObject({ isFile: true, size: 300 * 1024 });
    expect(await containers.archiveInfo(id, '/tmp/tree/sub/link')).toMatchObject({
      isSymlink: true,
      isFile: false,
      // The daemon resolves the target to an absolute container path; size is the link's own (lstat).
      linkTarget: '/tmp/tree/a.txt',
      size: '../a.txt'.length,
    });
    // readFile follows the link, as docker cp -L.
    const viaLink = await containers.readFile(id, '/tmp/tree/sub/link');
    expect(viaLink.path).toBe('/tmp/tree/a.txt');
    expect((await bytesOf(viaLink.content)).toString()).toBe('alpha\n');
  });

  it('noOverwriteDirNonDir refuses to replace a directory with a file', async () => {
    const id = await tc.create();
    const pack = tarStream.pack();
    pack.entry({ name: 'etc' }, 'not a directory');
    pack.finalize();
    const err = await containers.putArchive(id, '/', Readable.from(pack), { noOverwriteDirNonDir: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    // The v1.40 spec says 400; Docker 20.10 answers 500 with the reason.
    expect(err).toMatchObject({ status: 500, operationId: 'PutContainerArchive' });
    expect((err as DockerApiError).daemonMessage).toContain('cannot overwrite directory "/etc" with non-directory');
    expect((await containers.archiveInfo(id, '/etc')).isDirectory).toBe(true);
  });

  it('a missing path is a 404 DockerApiError (HEAD and GET)', async () => {
    const id = await tc.create();
    const head = await containers.archiveInfo(id, '/no/such/path').catch((e: unknown) => e);
    expect(head).toBeInstanceOf(DockerApiError);
    expect(head).toMatchObject({ status: 404, method: 'HEAD', operationId: 'ContainerArchiveInfo' });
    const get = await containers.getArchive(id, '/no/such/path').catch((e: unknown) => e);
    expect(get).toMatchObject({ status: 404, method: 'GET', operationId: 'ContainerArchive' });
    expect((get as DockerApiError).daemonMessage).toContain('/no/such/path');
  });
});
