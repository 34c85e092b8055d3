/**
 * A replay daemon started in the test's own process from a `docktape replay` command line:
 * the bin's own argument parsing and defaults (parseReplayCli), the fixtures checked and loaded
 * as the bin does, then the same startReplayDaemon call. It saves the ~0.4 s of CPU a Node
 * process and the CLI's modules cost on these 2-core machines. What only the process adds
 * (the ready line, signals, exit codes) is shown by the tests that spawn the bin; the TLS CLI
 * session in tls-listen.replay.test.ts runs through the bin itself.
 */
import { parseReplayCli, replayDaemonOptions } from '@docktape/cli/replay';
import { loadFixtures, startReplayDaemon, type RunningReplayDaemon } from '@docktape/replay/daemon';

export async function startReplayLikeBin(argv: string[]): Promise<RunningReplayDaemon> {
  const command = parseReplayCli(argv);
  if (command.kind !== 'replay') throw new Error(`not a replay command line: ${argv.join(' ')}`);
  // TLS runs through the bin (tls-listen.replay.test.ts): its certificate files are read there
  if (command.security.tls) throw new Error('startReplayLikeBin serves plain HTTP only');
  const recordings = await loadFixtures(command.fixtures);
  return startReplayDaemon(recordings, replayDaemonOptions(command));
}
