/**
 * A Docker daemon of a test's own (tools/daemon/docker-daemon.sh with its own folder), for
 * tests that stop or restart it: the shared daemon other suites use is never touched. Its
 * folder is short because the socket lives in it (unix socket paths: 107 bytes at most).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDockerClient } from '@docktape/client';

const exec = promisify(execFile);
const SCRIPT = path.resolve(fileURLToPath(new URL('../../tools/daemon/docker-daemon.sh', import.meta.url)));

export interface PrivateDaemon {
  /** unix:///tmp/dt-.../docker.sock */
  host: string;
  dir: string;
  /** Stops it by its pid file and starts it again on the same socket and data. */
  restart(): Promise<void>;
  /** Removes its containers, stops it, unmounts what dockerd left mounted, deletes its folder. */
  remove(): Promise<void>;
}

export async function startPrivateDaemon(options: { flags?: string[] } = {}): Promise<PrivateDaemon> {
  const dir = await mkdtemp('/tmp/dt-rs-');
  const env = { ...process.env, DOCKTAPE_DAEMON_DIR: dir, DOCKTAPE_DAEMON_FLAGS: (options.flags ?? []).join(' ') };
  const script = async (verb: string): Promise<string> => {
    try {
      const { stdout } = await exec(SCRIPT, [verb], { env, timeout: 120_000 });
      return stdout.trim();
    } catch (err) {
      const e = err as Error & { stderr?: string };
      throw new Error(`${SCRIPT} ${verb} (DOCKTAPE_DAEMON_DIR=${dir}) failed: ${e.stderr?.trim() || e.message}; see ${dir}/dockerd.log`, { cause: err });
    }
  };
  let host: string;
  try {
    host = await script('start');
  } catch (err) {
    await script('stop').catch(() => undefined);
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    host,
    dir,
    restart: async () => {
      await script('restart');
    },
    remove: async () => {
      // with --live-restore, containers (and containerd) outlive dockerd: they go first
      const client = createDockerClient({ host });
      try {
        const all = await client.containers.list({ all: true });
        await Promise.all(all.map((c) => client.containers.remove(c.Id!, { force: true, v: true })));
      } catch {
        // a daemon that does not answer has no containers to remove either
      } finally {
        await client.close();
      }
      await script('stop');
      await unmountUnder(dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** dockerd bind-mounts its data root onto itself and leaves it mounted when it stops. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point === dir || point.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length); // deepest first
  for (const point of mounts) await exec('umount', ['--lazy', point]);
}
