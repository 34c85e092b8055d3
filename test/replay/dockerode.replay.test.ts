/**
 * A dockerode session (exec with stdin in the legacy form, attach with stdin through
 * `Upgrade: tcp`, putArchive / getArchive) replayed identically: what dockerode gave the user
 * against the real daemon (the outcome printed when test/fixtures/dockerode was recorded) is
 * what it gets from `docktape replay` with its default options, and from a replay daemon over
 * an engine the test holds, which shows every recorded exchange served and nothing unmatched.
 * (issue 12, point 4; msw refuses a legacy hijack, naming the replay daemon: msw-handlers.ts)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDockerClient } from '@docktape/client';
import { startReplayDaemon } from '@docktape/replay';
import { dockerodeSession, scenarioContext } from '../../tools/fixtures/scenarios/index.js';
import { engineFor, FIXTURES, servedAll } from './support/replay-harness.js';
import { startReplayLikeBin } from './support/replay-like-bin.js';

/** What the session returned against the real daemon when the fixture was recorded. */
const RECORDED = {
  exec: { stdout: 'got:ping\n', stderr: 'err:ping\n', exit: 0 },
  archive: { 'note.txt': 'written by dockerode\n' },
  attach: { stdout: 'hello\nworld\n', stderr: '', exit: 0 },
};

async function runAgainst(host: string): Promise<unknown> {
  const client = createDockerClient({ host });
  try {
    return await dockerodeSession.run(scenarioContext(client, dockerodeSession.name, 'busybox:latest', undefined, host));
  } finally {
    await client.close();
  }
}

describe('a dockerode session replays identically', () => {
  // the bin's command line, defaults and fixture loading, in this process (support/replay-like-bin.ts)
  it('through `docktape replay` with its default options', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-dockerode-'));
    const daemon = await startReplayLikeBin(['--fixtures', path.join(FIXTURES, dockerodeSession.name), '--listen', `unix://${dir}/docker.sock`]);
    try {
      expect(await runAgainst(daemon.url)).toEqual(RECORDED);
    } finally {
      await daemon.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('through the replay daemon in process, every exchange served (the legacy exec start included)', async () => {
    const engine = await engineFor(dockerodeSession);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-dockerode-'));
    const daemon = await startReplayDaemon(engine, { listen: `unix://${dir}/docker.sock` });
    try {
      expect(await runAgainst(daemon.url)).toEqual(RECORDED);
      expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    } finally {
      await daemon.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
