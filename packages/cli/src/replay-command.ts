/**
 * `docktape replay --fixtures <dir> --listen <addr>`: serves recordings as if it were the
 * daemon. Prints exactly one line `docktape replay listening on <url>` when ready (as the proxy
 * does), exits 0 on SIGINT/SIGTERM, 2 on usage errors, 1 when it cannot start: a broken fixture
 * (cut short, not JSON, unknown format version, an entry missing fields, a sidecar missing or
 * corrupt) stops it before it listens, with the file, the entry and what to do on stderr.
 * Wiring only: arguments (replay-args.ts), signals, exit codes.
 */
import { readListenTls, type ListenTls } from '@docktape/listen';
// the daemon's entry: the main one also loads the msw adapter, which a replay process never uses
import { incompleteNotes, loadFixtures, ReplayError, startReplayDaemon } from '@docktape/replay/daemon';
import { parseReplayCli, replayDaemonOptions, REPLAY_HELP, type ReplayCommand } from './replay-args.js';
import { asUsageAsync, UsageError } from './usage-error.js';

export async function runReplayCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let command: ReplayCommand;
  let tls: ListenTls | undefined;
  try {
    command = parseReplayCli(argv);
    if (command.kind === 'help') {
      out.write(REPLAY_HELP);
      return 0;
    }
    // the listening certificate files are part of the command line: unreadable is a usage error
    const files = command.security.tls;
    if (files) tls = await asUsageAsync(() => readListenTls(files));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(`docktape replay: ${e.message}\n\n${REPLAY_HELP}`);
    return 2;
  }
  let daemon;
  try {
    const recordings = await loadFixtures(command.fixtures, { onWarning: (w) => err.write(`docktape replay: warning: ${w.message}\n`) });
    for (const note of incompleteNotes(recordings)) err.write(`docktape replay: warning: ${note}\n`);
    daemon = await startReplayDaemon(recordings, {
      ...replayDaemonOptions(command),
      tls,
      onError: (e) => err.write(`${e.message}\n`),
      warn: (message) => err.write(`docktape replay: ${message}\n`),
    });
  } catch (e) {
    if (e instanceof ReplayError && e.fixture) err.write(`docktape replay: cannot serve these fixtures: ${e.fixture.diagnosis}\n`);
    // the library's prefix (`[docktape replay] `) would repeat what this line starts with
    else err.write(`docktape replay: ${(e as Error).message.replace(/^\[docktape replay\] /, '')}\n`);
    return 1;
  }
  const running = daemon;
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      running.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    // Handlers first, ready line second: a script that signals as soon as it reads the line
    // must reach the handlers, not Node's default (which would exit without closing the daemon).
    process.on('SIGINT', stop).on('SIGTERM', stop);
    out.write(`docktape replay listening on ${running.url}\n`);
  });
}
