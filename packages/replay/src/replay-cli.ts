/**
 * `docktape replay --fixtures <dir> --listen <addr>`: serves recordings as if it were the
 * daemon. Prints exactly one line `docktape replay listening on <url>` when ready (as the proxy
 * does), exits 0 on SIGINT/SIGTERM, 2 on usage errors, 1 when it cannot start: a broken fixture
 * (cut short, not JSON, unknown format version, an entry missing fields, a sidecar missing or
 * corrupt) stops it before it listens, with the file, the entry and what to do on stderr.
 */
import { parseArgs } from 'node:util';
import {
  LISTEN_SECURITY_HELP,
  LISTEN_SECURITY_OPTIONS,
  ListenAddressError,
  listenPolicyProblem,
  parseListenAddress,
  parseListenSecurity,
  readListenTls,
  type ListenAddress,
  type ListenSecurity,
  type ListenTls,
} from '@docktape/recording';
import { incompleteNotes, loadFixtures } from './load-fixtures.js';
import { REPLAY_EXPOSURE, startReplayDaemon } from './replay-daemon.js';
import { ReplayError } from './replay-error.js';
import { parseTiming, type Timing } from './timing.js';

export const REPLAY_HELP = `Usage: docktape replay --fixtures DIR [options]

Serves recorded Docker API exchanges (docktape proxy --record) as if it were the daemon, over
TCP or a unix socket, hijacked attach and websocket attach included. Point any Docker client at
it (DOCKER_HOST=<the printed url>). When it is ready it prints exactly one line:
"docktape replay listening on <url>". SIGINT or SIGTERM stops it.

Options:
  --fixtures DIR          Folder of recordings (.har / .har.jsonl), or of one folder per
                          recording set. Repeatable.
  --listen ADDR           HOST:PORT, tcp://HOST:PORT or unix:///path (created mode 0600).
                          Port 0 picks a free port. Default: 127.0.0.1:2375. A non-loopback
                          address needs --tlsverify or --insecure-remote.
  --timing MODE           none (default), recorded, or a scale such as 0.5 (twice as fast).
  --ids MODE              fresh (default: replayed creates return new ids) or recorded.
  --on-exhausted M        fail (default) or loop, when every matching exchange was replayed.
  --ignore-body F         JSON request body field not compared (key or dotted path). Repeatable.
  --binary-bodies M       exact (default) or ignore: whether non-JSON request bodies (tars
                          built at run time carry fresh mtimes) must equal the recorded bytes.
  -h, --help              Print this help and exit.

${LISTEN_SECURITY_HELP}

Every recording is checked before it listens: its structure, its format version, and the
sha256 of every sidecar body in blobs/ (each read once). A broken one stops it with exit code
1 and a message naming the file, the entry and what to do. A journal (.har.jsonl) whose last
line a killed proxy cut short is served without that exchange, with a warning.
`;

export type ReplayCommand =
  | { kind: 'help' }
  | {
      kind: 'replay';
      fixtures: string[];
      listen: ListenAddress;
      security: ListenSecurity;
      timing: Timing;
      ids: 'fresh' | 'recorded';
      onExhausted: 'fail' | 'loop';
      ignoreBodyFields: string[];
      binaryBodies: 'exact' | 'ignore';
    };

/** The command line of `docktape replay`. Pure: argv in, a command or a ReplayError('usage') out. */
export function parseReplayCli(argv: string[]): ReplayCommand {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        fixtures: { type: 'string', multiple: true },
        listen: { type: 'string' },
        timing: { type: 'string' },
        ids: { type: 'string' },
        'on-exhausted': { type: 'string' },
        'ignore-body': { type: 'string', multiple: true },
        'binary-bodies': { type: 'string' },
        ...LISTEN_SECURITY_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new ReplayError('usage', (err as Error).message, { cause: err });
  }
  if (v.help) return { kind: 'help' };
  const usage = (message: string) => new ReplayError('usage', message);
  if (!v.fixtures?.length) throw usage('--fixtures DIR is required');
  if (v.ids && v.ids !== 'fresh' && v.ids !== 'recorded') throw usage(`--ids ${v.ids}: expected fresh or recorded`);
  if (v['on-exhausted'] && v['on-exhausted'] !== 'fail' && v['on-exhausted'] !== 'loop') throw usage(`--on-exhausted ${v['on-exhausted']}: expected fail or loop`);
  if (v['binary-bodies'] && v['binary-bodies'] !== 'exact' && v['binary-bodies'] !== 'ignore') throw usage(`--binary-bodies ${v['binary-bodies']}: expected exact or ignore`);
  let timing: Timing;
  let listen: ListenAddress;
  let security: ListenSecurity;
  try {
    timing = parseTiming(v.timing ?? 'none');
    listen = parseListenAddress(v.listen ?? '127.0.0.1:2375');
    security = parseListenSecurity(v);
  } catch (err) {
    throw new ReplayError('usage', (err as Error).message, { cause: err });
  }
  const problem = listenPolicyProblem(listen, { tls: security.tls !== undefined, verifyClients: security.tls?.verifyClients ?? false, insecureRemote: security.insecureRemote }, REPLAY_EXPOSURE);
  if (problem) throw usage(problem);
  return {
    kind: 'replay',
    fixtures: v.fixtures,
    listen,
    security,
    timing,
    ids: (v.ids as 'fresh' | 'recorded' | undefined) ?? 'fresh',
    onExhausted: (v['on-exhausted'] as 'fail' | 'loop' | undefined) ?? 'fail',
    ignoreBodyFields: v['ignore-body'] ?? [],
    binaryBodies: (v['binary-bodies'] as 'exact' | 'ignore' | undefined) ?? 'exact',
  };
}

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
    if (command.security.tls) tls = await readListenTls(command.security.tls);
  } catch (e) {
    if (!(e instanceof ReplayError) && !(e instanceof ListenAddressError)) throw e;
    // ReplayError's own prefix would repeat the one this line starts with
    err.write(`docktape replay: ${e.message.replace(/^\[docktape replay\] /, '')}\n\n${REPLAY_HELP}`);
    return 2;
  }
  let daemon;
  try {
    const recordings = await loadFixtures(command.fixtures, { onWarning: (w) => err.write(`docktape replay: warning: ${w.message}\n`) });
    for (const note of incompleteNotes(recordings)) err.write(`docktape replay: warning: ${note}\n`);
    daemon = await startReplayDaemon(recordings, {
      listen: command.listen,
      tls,
      insecureRemote: command.security.insecureRemote,
      timing: command.timing,
      ids: command.ids,
      onExhausted: command.onExhausted,
      ignoreBodyFields: command.ignoreBodyFields,
      binaryBodies: command.binaryBodies,
      onError: (e) => err.write(`${e.message}\n`),
      warn: (message) => err.write(`docktape replay: ${message}\n`),
    });
  } catch (e) {
    if (e instanceof ReplayError && e.fixture) err.write(`docktape replay: cannot serve these fixtures: ${e.fixture.diagnosis}\n`);
    else err.write(`docktape replay: ${(e as Error).message}\n`);
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
