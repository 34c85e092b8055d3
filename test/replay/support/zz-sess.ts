import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compareCliSession } from '../../../tools/fixtures/cli-session/replay-cli-session.js';
import { startReplayLikeBin } from './replay-like-bin.js';
import { FIXTURES } from './replay-harness.js';
const fixture = path.join(FIXTURES, 'docker-cli');
for (const env of [JSON.parse(process.argv[2] ?? "{}")]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-time-'));
  const daemon = await startReplayLikeBin(['--fixtures', fixture, '--listen', `unix://${dir}/docker.sock`]);
  const r0 = process.resourceUsage();
  const t0 = performance.now();
  const diffs = await compareCliSession(fixture, { url: daemon.url, env });
  const r1 = process.resourceUsage();
  console.log(JSON.stringify(env), 'diffs', diffs.length, 'wall', (performance.now() - t0).toFixed(0), 'self', ((r1.userCPUTime - r0.userCPUTime + r1.systemCPUTime - r0.systemCPUTime)/1000).toFixed(0));
  await daemon.close();
}
