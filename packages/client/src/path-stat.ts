/**
 * The stat of a path in a container, which the daemon sends only as a header
 * (`X-Docker-Container-Path-Stat`: base64 of JSON `{name, size, mode, mtime, linkTarget}`) on
 * HEAD and GET /containers/{id}/archive. `mode` is a Go `os.FileMode`: the permission bits plus
 * type bits high in the word (directory 1<<31, symlink 1<<27), not a POSIX st_mode. For a
 * symlink, `size` is the link's own and `linkTarget` is resolved by the daemon to an absolute
 * path in the container (seen on Docker 20.10), not the raw link text.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerArchiveInfo
 * @see https://pkg.go.dev/io/fs#FileMode
 */
import type { Schemas } from './op-types.js';

export const PATH_STAT_HEADER = 'x-docker-container-path-stat';

/** Go os.FileMode type bits (io/fs). */
export const GoFileMode = {
  Dir: 2 ** 31,
  Append: 2 ** 30,
  Exclusive: 2 ** 29,
  Temporary: 2 ** 28,
  Symlink: 2 ** 27,
  Device: 2 ** 26,
  NamedPipe: 2 ** 25,
  Socket: 2 ** 24,
  Setuid: 2 ** 23,
  Setgid: 2 ** 22,
  CharDevice: 2 ** 21,
  Sticky: 2 ** 20,
  Irregular: 2 ** 19,
} as const;

const NOT_REGULAR = GoFileMode.Dir | GoFileMode.Symlink | GoFileMode.NamedPipe | GoFileMode.Socket | GoFileMode.Device | GoFileMode.CharDevice | GoFileMode.Irregular;

type RawPathStat = Schemas['ContainerPathStat'];

export interface PathStat extends RawPathStat {
  isDirectory: boolean;
  isSymlink: boolean;
  isFile: boolean;
  /** The permission bits (`mode & 0o777`). */
  permissions: number;
}

/** Bits as unsigned 32-bit: JS bitwise operators are signed, and the directory bit is the sign bit. */
const has = (mode: number, bit: number) => ((mode & bit) >>> 0) !== 0;

export function pathStatFromMode(raw: RawPathStat): PathStat {
  const mode = raw.mode >>> 0;
  return {
    ...raw,
    isDirectory: has(mode, GoFileMode.Dir),
    isSymlink: has(mode, GoFileMode.Symlink),
    isFile: ((mode & NOT_REGULAR) >>> 0) === 0,
    permissions: mode & 0o777,
  };
}

/** Decodes the header value; throws a SyntaxError naming the header when it is not what it should be. */
export function decodePathStat(header: string | string[] | undefined): PathStat {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new SyntaxError(`the daemon sent no ${PATH_STAT_HEADER} header`);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch (cause) {
    throw new SyntaxError(`${PATH_STAT_HEADER} is not base64 JSON: ${value.slice(0, 80)}`, { cause });
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.name !== 'string' || typeof r.size !== 'number' || typeof r.mode !== 'number') {
    throw new SyntaxError(`${PATH_STAT_HEADER} lacks name, size or mode: ${JSON.stringify(raw).slice(0, 200)}`);
  }
  return pathStatFromMode({
    name: r.name,
    size: r.size,
    mode: r.mode,
    mtime: typeof r.mtime === 'string' ? r.mtime : '',
    linkTarget: typeof r.linkTarget === 'string' ? r.linkTarget : '',
  });
}
