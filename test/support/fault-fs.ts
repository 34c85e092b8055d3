/**
 * Record folders that fail on cue, for fault tests. A tmpfs of a given size is a disk that fills
 * up (ENOSPC); `chattr +i` is what stops root from writing into a folder: root ignores mode bits,
 * and `mount -o remount,ro` is refused (EBUSY) while a process holds a file there open for
 * writing, as the proxy holds its journal. Both need root: tests say so instead of skipping.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Fails with a clear message when not root (CI runs as root; a skipped fault test proves nothing). */
export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} needs root (it mounts a tmpfs and sets file attributes); run the tests as root, as CI does`);
  }
}

async function command(file: string, args: string[]): Promise<void> {
  try {
    await exec(file, args);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** Mounts a fresh tmpfs of `size` (mount's syntax: 2m, 64m) on `dir`, creating the folder. */
export async function mountTmpfs(dir: string, size: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await command('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
}

export async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  const resolved = path.resolve(dir);
  // /proc/self/mounts escapes spaces as \040; the test folders have none
  return mounts.split('\n').some((line) => line.split(' ')[1] === resolved);
}

/** Unmounts `dir` if something is mounted there (lazy: a proxy that still holds a file open must not keep the tmpfs). */
export async function unmountIfMounted(dir: string): Promise<void> {
  if (await isMountPoint(dir)) await command('umount', ['--lazy', dir]);
}

/** Sets or clears the immutable attribute on a folder and everything in it. */
export async function setImmutable(dir: string, on: boolean): Promise<void> {
  await command('chattr', ['-R', on ? '+i' : '-i', dir]);
}
