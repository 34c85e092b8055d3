/**
 * Replays a recorded docker CLI session (recording.har + outputs.json) through `docktape replay`
 * run as its own process, and says which steps printed something else than when recorded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDocktape } from '../support/docktape-process.js';
import { runCliSession } from './cli-steps.js';

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

