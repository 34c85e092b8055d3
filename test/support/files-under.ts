/**
 * Every file under a folder, sub-folders included (absolute paths): what "no file the proxy
 * wrote contains the secret" tests search, blobs and journals alike.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}
