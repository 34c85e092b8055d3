/**
 * Structural comparison of JSON request bodies: key order and whitespace never matter, and
 * fields the caller names are skipped (either a bare key, ignored at any depth, or a dotted
 * path from the root such as `HostConfig.Memory`). Returns where the two differ. Pure.
 */
export function jsonDifferences(live: unknown, recorded: unknown, ignore: readonly string[] = [], at = ''): string[] {
  if (Object.is(live, recorded)) return [];
  if (Array.isArray(live) && Array.isArray(recorded)) {
    if (live.length !== recorded.length) return [`${at || '(root)'}: ${live.length} items, recorded ${recorded.length}`];
    return live.flatMap((item, i) => jsonDifferences(item, recorded[i], ignore, `${at}[${i}]`));
  }
  if (isObject(live) && isObject(recorded)) {
    const keys = new Set([...Object.keys(live), ...Object.keys(recorded)]);
    const out: string[] = [];
    for (const key of [...keys].sort()) {
      const path = at ? `${at}.${key}` : key;
      if (ignore.includes(key) || ignore.includes(path)) continue;
      if (!(key in recorded)) out.push(`${path}: not in the recording`);
      else if (!(key in live)) out.push(`${path}: recorded as ${short(recorded[key])}, not sent`);
      else out.push(...jsonDifferences(live[key], recorded[key], ignore, path));
    }
    return out;
  }
  return [`${at || '(root)'}: ${short(live)}, recorded ${short(recorded)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
