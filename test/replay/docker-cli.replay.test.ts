/**
 * The recorded docker CLI session replays through `docktape replay` (its own process, as users
 * run it) with the outputs the CLI printed against the real daemon (ids and times aside).
 * Needs the docker CLI binary, not a daemon.
 */
import { access, constants, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKER_CLI } from '../proxy/support/proxy-process.js';
import { inCI } from '../support/live-daemon.js';
import { runCliSession } from './cli-session/cli-steps.js';
import { startDocktape } from './support/docktape-process.js';
import { FIXTURES } from './support/replay-harness.js';

const fixture = path.join(FIXTURES, 'docker-cli');
const cliMissing = await access(DOCKER_CLI, constants.X_OK).then(
  () => undefined,
  () => `no docker CLI at ${DOCKER_CLI} (set DOCKTAPE_DOCKER_CLI)`,
);

/** Replays the session in `dir` and returns what differs from the outputs recorded with it. */
export async function replayCliSession(dir: string): Promise<string[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dt-cli-replay-'));
  // cp host -> container uploads a tar stamped with the upload's mtime: compared by JSON only
  const daemon = await startDocktape(['replay', '--fixtures', dir, '--listen', `unix://${work}/docker.sock`, '--binary-bodies', 'ignore'], 'replay');
  try {
    const expected = JSON.parse(await readFile(path.join(dir, 'outputs.json'), 'utf8')) as Record<string, string>;
    const got = await runCliSession(daemon.url, path.join(work, 'files'));
    return Object.keys(expected)
      .filter((title) => got[title] !== expected[title])
      .map((title) => `${title}:\n  recorded: ${JSON.stringify(expected[title])}\n  replayed: ${JSON.stringify(got[title])}`);
  } finally {
    await daemon.stop();
    await rm(work, { recursive: true, force: true });
  }
}

if (cliMissing && !inCI) process.stderr.write(`\n!!! SKIPPED docker CLI replay: ${cliMissing}\n`);

describe.skipIf(cliMissing !== undefined && !inCI)('docker CLI against docktape replay', () => {
  it('every command prints what it printed against the real daemon', async () => {
    if (cliMissing) throw new Error(cliMissing);
    expect((await replayCliSession(fixture)).join('\n')).toBe('');
  }, 120_000);
});
