/**
 * The recorded docker CLI session replays through `docktape replay` (its own process, as users
 * run it) with the outputs the CLI printed against the real daemon (ids and times aside).
 * Needs the docker CLI binary, not a daemon.
 */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKER_CLI } from '../../tools/support/proxy-process.js';
import { inCI } from '../support/in-ci.js';
import { replayCliSession } from '../../tools/fixtures/cli-session/replay-cli-session.js';
import { FIXTURES } from './support/replay-harness.js';

const fixture = path.join(FIXTURES, 'docker-cli');
const cliMissing = await access(DOCKER_CLI, constants.X_OK).then(
  () => undefined,
  () => `no docker CLI at ${DOCKER_CLI} (set DOCKTAPE_DOCKER_CLI)`,
);

if (cliMissing && !inCI) process.stderr.write(`\n!!! SKIPPED docker CLI replay: ${cliMissing}\n`);

describe.skipIf(cliMissing !== undefined && !inCI)('docker CLI against docktape replay', () => {
  it('every command prints what it printed against the real daemon', async () => {
    if (cliMissing) throw new Error(cliMissing);
    expect((await replayCliSession(fixture)).join('\n')).toBe('');
  }, 300_000); // a whole docker CLI session, one process after another, on a loaded machine
});
