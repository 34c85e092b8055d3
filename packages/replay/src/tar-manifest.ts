/**
 * Tar request bodies compared by what they hold, not by their bytes. Pure.
 *
 * `docker cp ./file ctr:/tmp` builds its tar at run time: every header carries the file's fresh
 * mtime (and the local uid/gid and user names), so the `PUT /containers/{id}/archive` body never
 * equals the recorded bytes although the container ends up with the same files. What the daemon
 * writes into the container is kept here, per entry: name, type, mode, size, link target and the
 * sha256 of the content. Left out: mtime (and pax mtime/atime/ctime), uid/gid, uname/gname,
 * devmajor/devminor (a device node's numbers are the host's), other pax records (xattrs), the
 * order of the entries and the padding after the last one.
 *
 * The manifest is read as the bytes stream in (tar-reader.ts); this file only compares.
 */

/** One entry of a tar as matching compares it. */
export interface TarEntryFacts {
  /** As written in the tar (pax `path` and GNU long names applied). */
  name: string;
  /** tar-stream's type name: `file`, `directory`, `symlink`, `link`, ... */
  type: string;
  mode: number;
  size: number;
  /** Target of a symlink or hard link; '' for other entries. */
  linkname: string;
  /** sha256 (hex) of the entry's content. */
  sha256: string;
}

/**
 * What reading a body as a tar gave: its manifest, or why it is not one. `claimedBy` names what
 * made it look like a tar (a `Content-Type`, a valid first header): a body that claims to be a
 * tar and is not one is compared by its bytes, and the mismatch message says why.
 */
export type TarReading = { kind: 'tar'; entries: TarEntryFacts[] } | { kind: 'not-tar'; why: string; claimedBy?: string };

/** How many differing entries a message names before it counts the rest. */
const SHOWN = 5;

/**
 * Where the live tar differs from the recorded one, one line per entry: `added` (sent, not in
 * the recording), `missing` (recorded, not sent), or the fields that changed. Empty: same files.
 */
export function tarDifferences(live: readonly TarEntryFacts[], recorded: readonly TarEntryFacts[]): string[] {
  const a = keyed(live);
  const b = keyed(recorded);
  const lines: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const l = a.get(key);
    const r = b.get(key);
    if (!r) lines.push(`tar entry ${key} added (${describe(l!)}), not in the recording`);
    else if (!l) lines.push(`tar entry ${key} missing: recorded (${describe(r)}), not sent`);
    else {
      const changed = fieldChanges(l, r);
      if (changed.length > 0) lines.push(`tar entry ${key} changed: ${changed.join(', ')}`);
    }
  }
  if (lines.length <= SHOWN) return lines;
  return [...lines.slice(0, SHOWN), `and ${lines.length - SHOWN} more tar entries differ`];
}

function fieldChanges(live: TarEntryFacts, recorded: TarEntryFacts): string[] {
  const out: string[] = [];
  if (live.type !== recorded.type) out.push(`type ${live.type}, recorded ${recorded.type}`);
  if (live.mode !== recorded.mode) out.push(`mode ${octal(live.mode)}, recorded ${octal(recorded.mode)}`);
  if (live.size !== recorded.size) out.push(`size ${live.size}, recorded ${recorded.size}`);
  if (live.linkname !== recorded.linkname) out.push(`link target ${JSON.stringify(live.linkname)}, recorded ${JSON.stringify(recorded.linkname)}`);
  // a different size says the content differs already: the hashes would only repeat it
  if (live.size === recorded.size && live.sha256 !== recorded.sha256) out.push(`content sha256 ${live.sha256.slice(0, 12)}, recorded ${recorded.sha256.slice(0, 12)}`);
  return out;
}

/**
 * Entries by name. A name written twice (a tar may overwrite its own entry) keeps each
 * occurrence apart, `name (#2)`, so that a repeated entry is compared with its counterpart.
 */
function keyed(entries: readonly TarEntryFacts[]): Map<string, TarEntryFacts> {
  const out = new Map<string, TarEntryFacts>();
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const n = (seen.get(entry.name) ?? 0) + 1;
    seen.set(entry.name, n);
    out.set(n === 1 ? entry.name : `${entry.name} (#${n})`, entry);
  }
  return out;
}

function describe(entry: TarEntryFacts): string {
  const link = entry.linkname ? ` -> ${entry.linkname}` : '';
  return `${entry.type} ${octal(entry.mode)}, ${entry.size} bytes${link}`;
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}

/** What makes a request claim a tar body by its endpoint: `PUT /containers/{id}/archive` (#operation/PutContainerArchive). */
export function archiveEndpoint(method: string, path: string): boolean {
  return method === 'PUT' && /^\/containers\/[^/]+\/archive$/.test(path);
}
