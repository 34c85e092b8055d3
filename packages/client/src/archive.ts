/**
 * Container filesystem as tar: `docker export` (the whole filesystem), and the three archive
 * operations under `docker cp` (stat, read a path, extract into a path). Bodies stay streams
 * with backpressure both ways: an export can be GiBs.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerExport
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerArchive
 */
import { Readable } from 'node:stream';
import { discard, drain, type RawRequester } from './raw-request.js';
import { DockerStreamError } from './errors.js';
import { decodePathStat, PATH_STAT_HEADER, type PathStat } from './path-stat.js';

export interface ArchiveCallOptions {
  signal?: AbortSignal;
}

export interface PutArchiveOptions extends ArchiveCallOptions {
  /** Fail instead of replacing an existing directory with a non-directory or the other way round. */
  noOverwriteDirNonDir?: boolean;
  /** Give the extracted files the container user's UID/GID instead of those in the tar. */
  copyUIDGID?: boolean;
}

/** A tar as a stream (with backpressure), an async iterable of chunks, or bytes in memory. */
export type TarSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

/**
 * The stat header of a 2xx answer: one the daemon left out or garbled is its fault, so the
 * decoder's SyntaxError becomes a `DockerStreamError` (`bad-header`) naming the operation.
 */
function pathStatOf(header: string | string[] | undefined, operationId: string): PathStat {
  try {
    return decodePathStat(header);
  } catch (err) {
    throw new DockerStreamError('bad-header', `${operationId}: ${(err as Error).message}`, { cause: err });
  }
}

const containerPath = (id: string) => `/containers/${encodeURIComponent(id)}`;

/** Body of a 2xx answer as a Readable that the caller consumes at its own pace. */
export async function containerExport(request: RawRequester, containerId: string, options: ArchiveCallOptions = {}): Promise<Readable> {
  const res = await request({ method: 'GET', path: `${containerPath(containerId)}/export`, signal: options.signal, operationId: 'ContainerExport' });
  return res.body;
}

/** HEAD: the stat only. A missing path is a 404 `DockerApiError` (HEAD has no body, so the message is the status text). */
export async function containerArchiveInfo(request: RawRequester, containerId: string, path: string, options: ArchiveCallOptions = {}): Promise<PathStat> {
  const res = await request({ method: 'HEAD', path: `${containerPath(containerId)}/archive`, query: { path }, signal: options.signal, operationId: 'ContainerArchiveInfo' });
  void drain(res.body);
  return pathStatOf(res.headers[PATH_STAT_HEADER], 'ContainerArchiveInfo');
}

export interface ContainerArchive {
  /** The stat of `path` (the daemon sends it on GET too). */
  stat: PathStat;
  /** The tar of `path`: one entry named after its base name, or a directory tree under it. */
  tar: Readable;
}

export async function containerGetArchive(request: RawRequester, containerId: string, path: string, options: ArchiveCallOptions = {}): Promise<ContainerArchive> {
  const res = await request({ method: 'GET', path: `${containerPath(containerId)}/archive`, query: { path }, signal: options.signal, operationId: 'ContainerArchive' });
  let stat: PathStat;
  try {
    stat = pathStatOf(res.headers[PATH_STAT_HEADER], 'ContainerArchive');
  } catch (err) {
    discard(res.body);
    throw err;
  }
  return { stat, tar: res.body };
}

/**
 * Extracts a tar into the directory `path` of the container (which must exist). 200 when done;
 * 403 for a read-only path, 404 for a missing directory, and (Docker 20.10; the spec says 400)
 * 500 when `noOverwriteDirNonDir` forbids a replacement: all as `DockerApiError`.
 */
export async function containerPutArchive(request: RawRequester, containerId: string, path: string, tar: TarSource, options: PutArchiveOptions = {}): Promise<void> {
  const body = tar instanceof Uint8Array || tar instanceof Readable ? tar : Readable.from(tar, { objectMode: false });
  const res = await request({
    method: 'PUT',
    path: `${containerPath(containerId)}/archive`,
    query: {
      path,
      // The daemon reads these as booleans and only "1"/"true"/"True" mean yes.
      noOverwriteDirNonDir: options.noOverwriteDirNonDir ? 'true' : undefined,
      copyUIDGID: options.copyUIDGID ? 'true' : undefined,
    },
    headers: { 'content-type': 'application/x-tar' },
    body,
    signal: options.signal,
    operationId: 'PutContainerArchive',
  });
  await drain(res.body);
}

