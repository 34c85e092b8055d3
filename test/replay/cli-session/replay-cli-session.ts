/**
 * Replays a recorded docker CLI session (recording.har + outputs.json) through `docktape replay`
 * run as its own process, and says which steps printed something else than when recorded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDocktape } from '../support/docktape-process.js';
import { runCliSession } from './cli-steps.js';

/** How the replay daemon is reached over TLS: its flags, and the docker CLI's environment. */
export interface CliSessionTls {
  /** e.g. --tlsverify --tlscacert CA --tlscert CERT --tlskey KEY */
  daemonArgs: string[];
  /** e.g. DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=DIR */
  clientEnv: NodeJS.ProcessEnv;
}

/**
 * Replays the session in `dir` and returns what differs from the outputs recorded with it.
 * With `tls` the daemon listens on loopback TCP with those flags (TLS is for TCP addresses),
 * and every docker CLI call gets the client environment; else on a private unix socket.
 */
export async function replayCliSession(dir: string, tls?: CliSessionTls): Promise<string[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dt-cli-replay-'));
  const listen = tls ? ['--listen', '127.0.0.1:0', ...tls.daemonArgs] : ['--listen', `unix://${work}/docker.sock`];
  // cp host -> container uploads a tar stamped with the upload's mtime: compared by JSON only
  const daemon = await startDocktape(['replay', '--fixtures', dir, ...listen, '--binary-bodies', 'ignore'], 'replay');
  try {
    const expected = JSON.parse(await readFile(path.join(dir, 'outputs.json'), 'utf8')) as Record<string, string>;
    const got = await runCliSession(tls ? { url: daemon.url, env: tls.clientEnv } : daemon.url, path.join(work, 'files'));
    return Object.keys(expected)
      .filter((title) => got[title] !== expected[title])
      .map((title) => `${title}:\n  recorded: ${JSON.stringify(expected[title])}\n  replayed: ${JSON.stringify(got[title])}`);
  } finally {
    await daemon.stop();
    await rm(work, { recursive: true, force: true });
  }
}

