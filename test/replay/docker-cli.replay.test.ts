/**
 * The recorded docker CLI session replays with the outputs the CLI printed against the real
 * daemon (ids and times aside), from `docktape replay`'s default options. Here the daemon runs
 * in process from the bin's command line (support/replay-like-bin.ts); the session's first
 * half (every kind of exchange in it) runs through the `docktape replay` process itself, over
 * TLS, in tls-listen.replay.test.ts.
 * Needs the docker CLI binary, not a daemon.
 */
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKER_CLI } from '../../tools/support/proxy-process.js';
import { inCI } from '../support/in-ci.js';
import { compareCliSession } from '../../tools/fixtures/cli-session/replay-cli-session.js';
import { FIXTURES } from './support/fixtures-dir.js';
import { startReplayLikeBin } from './support/replay-like-bin.js';

const fixture = path.join(FIXTURES, 'docker-cli');
const cliMissing = await access(DOCKER_CLI, constants.X_OK).then(
  () => undefined,
  () => `no docker CLI at ${DOCKER_CLI} (set DOCKTAPE_DOCKER_CLI)`,
);

if (cliMissing && !inCI) process.stderr.write(`\n!!! SKIPPED docker CLI replay: ${cliMissing}\n`);

describe.skipIf(cliMissing !== undefined && !inCI)('docker CLI against docktape replay', () => {
  it('every command prints what it printed against the real daemon', async () => {
    if (cliMissing) throw new Error(cliMissing);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-cli-replay-'));
    // default options, as a user runs it: cp host -> container uploads a tar stamped with the
    // upload's mtime, which the default --binary-bodies tar-content matches by its files
    const daemon = await startReplayLikeBin(['--fixtures', fixture, '--listen', `unix://${dir}/docker.sock`]);
    try {
      expect((await compareCliSession(fixture, daemon.url)).join('\n')).toBe('');
    } finally {
      await daemon.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000); // a whole docker CLI session, one process after another, on a loaded machine
});
