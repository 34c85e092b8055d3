/**
 * Copying one file into and out of a container with `docker cp` semantics, over the archive
 * operations. The tar is built and read with tar-stream (never by hand), and contents stream
 * through with backpressure in both directions.
 *
 * `docker cp` rules kept here (cli/command/container/cp.go):
 * - into a container: an existing directory receives the file under its own name; an existing
 *   file is replaced; a missing path names the new file (its parent must exist), unless it ends
 *   with "/", which asks for a directory that does not exist; a symlink destination is followed.
 * - out of a container: the same rules on the host side; a symlink source is followed (as
 *   `docker cp -L`), since the point is the file's content.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat as fsStat } from 'node:fs/promises';
import nodePath from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import type { ContainerArchive, PutArchiveOptions } from './archive.js';
import { CopyError, DockerApiError, DockerError, isAbort, lostConnection } from './errors.js';
import type { PathStat } from './path-stat.js';

const posix = nodePath.posix;

/** The archive operations the helpers need (the facade's methods). */
export interface ArchiveOps {
  archiveInfo(containerId: string, path: string, opts?: { signal?: AbortSignal }): Promise<PathStat>;
  getArchive(containerId: string, path: string, opts?: { signal?: AbortSignal }): Promise<ContainerArchive>;
  putArchive(containerId: string, path: string, tar: Readable | Uint8Array, opts?: PutArchiveOptions): Promise<void>;
}

/** A file to copy in: a host path, or a name with bytes, or a name with a stream of known size. */
export type FileSource =
  | string
  | { name: string; data: Uint8Array | string }
  | { name: string; stream: Readable | AsyncIterable<Uint8Array>; size: number };

export interface CopyInOptions extends Omit<PutArchiveOptions, 'copyUIDGID'> {
  /** Permission bits of the new file (default: the host file's, or 0o644). */
  mode?: number;
  mtime?: Date;
  /** Owner in the tar (default 0:0, root, as docker cp sends for a root-owned source). */
  uid?: number;
  gid?: number;
}

/** Where a file copied to `dest` lands, given the stat of `dest` (undefined when it does not exist). */
export function resolveDestination(
  dest: string,
  destStat: { isDirectory: boolean } | undefined,
  sourceName: string,
  paths: Pick<typeof posix, 'dirname' | 'basename'> = posix,
): { dir: string; name: string } {
  if (destStat?.isDirectory) return { dir: dest, name: sourceName };
  if (/[/\\]$/.test(dest)) throw new CopyError(destStat ? `${dest} is not a directory` : `destination directory ${dest} does not exist`);
  return { dir: paths.dirname(dest), name: paths.basename(dest) };
}

/** Follows a symlink target the way docker cp does: relative targets are relative to the link's directory. */
export function linkTargetPath(linkPath: string, target: string): string {
  return posix.isAbsolute(target) ? target : posix.join(posix.dirname(linkPath), target);
}

const MAX_LINKS = 16;

async function statOrMissing(ops: ArchiveOps, id: string, path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
  try {
    return await ops.archiveInfo(id, path, { signal });
  } catch (err) {
    if (err instanceof DockerApiError && err.status === 404) return undefined;
    throw err;
  }
}

async function fileSource(source: FileSource): Promise<{ name: string; size: number; body: Readable | Uint8Array; mode?: number; mtime?: Date }> {
  if (typeof source === 'string') {
    const st = await fsStat(source).catch((err: unknown) => {
      throw onHost(err, `cannot read ${source}`);
    });
    if (!st.isFile()) throw new CopyError(`${source} is not a regular file`);
    return { name: nodePath.basename(source), size: st.size, body: createReadStream(source), mode: st.mode & 0o7777, mtime: st.mtime };
  }
  if ('data' in source) {
    const data = typeof source.data === 'string' ? new TextEncoder().encode(source.data) : source.data;
    return { name: source.name, size: data.length, body: data };
  }
  return { name: source.name, size: source.size, body: source.stream instanceof Readable ? source.stream : Readable.from(source.stream) };
}

/** `docker cp SRC CONTAINER:DEST` for one file. Resolves with the path the file got in the container. */
export async function copyFileIn(ops: ArchiveOps, containerId: string, source: FileSource, dest: string, options: CopyInOptions = {}): Promise<string> {
  const { signal } = options;
  const src = await fileSource(source);
  let where: { dir: string; name: string };
  try {
    let destPath = dest;
    let destStat = await statOrMissing(ops, containerId, destPath, signal);
    if (destStat?.isSymlink) {
      destPath = linkTargetPath(destPath, destStat.linkTarget);
      destStat = await statOrMissing(ops, containerId, destPath, signal);
    }
    where = resolveDestination(destPath, destStat, src.name);
  } catch (err) {
    // A host file is already open (createReadStream opens at once): close it, or the
    // descriptor leaks whenever the destination cannot be resolved.
    if (src.body instanceof Readable) src.body.destroy();
    throw err;
  }
  const { dir, name } = where;

  const pack = tarStream.pack();
  const header = { name, size: src.size, mode: options.mode ?? src.mode ?? 0o644, mtime: options.mtime ?? src.mtime ?? new Date(), uid: options.uid ?? 0, gid: options.gid ?? 0, type: 'file' as const };
  if (src.body instanceof Uint8Array) {
    pack.entry(header, Buffer.from(src.body.buffer, src.body.byteOffset, src.body.length));
    pack.finalize();
  } else {
    const entry = pack.entry(header, (err) => (err ? pack.destroy(err) : pack.finalize()));
    // A source shorter or longer than `size` makes tar-stream fail the entry, and the upload with it.
    src.body.on('error', (err) => pack.destroy(err));
    src.body.pipe(entry);
  }
  await ops.putArchive(containerId, dir, Readable.from(pack), { noOverwriteDirNonDir: options.noOverwriteDirNonDir, signal });
  return posix.join(dir, name);
}

export interface ContainerFile {
  /** Stat of the file read (after following symlinks). */
  stat: PathStat;
  /** The container path read (after following symlinks). */
  path: string;
  /** The file's bytes, streamed out of the tar with backpressure. */
  content: Readable;
}

/** The content of one regular file of a container, following symlinks. */
export async function readContainerFile(ops: ArchiveOps, containerId: string, path: string, options: { signal?: AbortSignal } = {}): Promise<ContainerFile> {
  let current = path;
  for (let hops = 0; ; hops++) {
    const stat = await ops.archiveInfo(containerId, current, options);
    if (stat.isSymlink) {
      if (hops >= MAX_LINKS) throw new CopyError(`too many levels of symbolic links at ${path}`);
      current = linkTargetPath(current, stat.linkTarget);
      continue;
    }
    if (!stat.isFile) throw new CopyError(`${current} is not a regular file${stat.isDirectory ? ' (a directory)' : ''}`);
    const archive = await ops.getArchive(containerId, current, options);
    return { stat: archive.stat, path: current, content: Readable.from(firstFileContent(archive.tar, current)) };
  }
}

async function* firstFileContent(tar: Readable, path: string): AsyncGenerator<Uint8Array, void, undefined> {
  const extract = tarStream.extract();
  tar.on('error', (err) => extract.destroy(err));
  tar.pipe(extract);
  try {
    for await (const entry of extract) {
      if (entry.header.type !== 'file') throw new CopyError(`the archive of ${path} holds a ${entry.header.type}, not a file`);
      for await (const chunk of entry) yield chunk as Uint8Array;
      return;
    }
    throw new CopyError(`the archive of ${path} is empty`);
  } catch (err) {
    // The tar's own failures (a body cut short) are the daemon side's, apart from the host's below.
    throw lostConnection(err, `reading the archive of ${path}`);
  } finally {
    tar.destroy();
    extract.destroy();
  }
}

/** `docker cp CONTAINER:SRC DEST` for one file. Resolves with the host path written. */
export async function copyFileOut(ops: ArchiveOps, containerId: string, source: string, dest: string, options: { signal?: AbortSignal } = {}): Promise<string> {
  const file = await readContainerFile(ops, containerId, source, options);
  let destStat: { isDirectory: boolean } | undefined;
  try {
    const st = await fsStat(dest);
    destStat = { isDirectory: st.isDirectory() };
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw onHost(err, `cannot stat ${dest}`);
  }
  const { dir, name } = resolveDestination(dest, destStat, posix.basename(file.path), nodePath);
  const target = nodePath.join(dir, name);
  try {
    await pipeline(file.content, createWriteStream(target, { mode: file.stat.permissions }), options.signal ? { signal: options.signal } : {});
  } catch (err) {
    throw onHost(err, `cannot write ${target}`);
  }
  return target;
}

/**
 * A failure on the host side of a copy as a CopyError carrying the system's code; the
 * client's own errors and the caller's abort pass as they are.
 */
function onHost(err: unknown, what: string): unknown {
  if (err instanceof DockerError || isAbort(err)) return err;
  const code = (err as { code?: unknown }).code;
  return new CopyError(`${what}: ${typeof code === 'string' ? code : (err as Error).message}`, { cause: err });
}
