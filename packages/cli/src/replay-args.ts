/**
 * Command line of `docktape replay`. Pure: argv in, a command or a UsageError out.
 */
import { parseArgs } from 'node:util';
import {
  LISTEN_SECURITY_HELP,
  LISTEN_SECURITY_OPTIONS,
  listenPolicyProblem,
  parseListenAddress,
  parseListenSecurity,
  type ListenAddress,
  type ListenSecurity,
} from '@docktape/listen';
import { BINARY_BODIES, parseTiming, REPLAY_EXPOSURE, type BinaryBodies, type ReplayDaemonOptions, type Timing } from '@docktape/replay/daemon';
import { asUsage, UsageError } from './usage-error.js';

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
  --binary-bodies M       How non-JSON request bodies are matched. tar-content (default): a
                          tar (docker cp's PUT .../archive, any application/x-tar body, any
                          body that parses as one) by its entries' names, types, modes,
                          sizes, link targets and content hashes, so a tar built again with
                          fresh mtimes or another owner matches; other bodies, and a tar
                          that does not parse, by their bytes. exact: every non-JSON body by
                          its bytes. ignore: not compared.
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
      binaryBodies: BinaryBodies;
    };

export function parseReplayCli(argv: string[]): ReplayCommand {
  const v = asUsage(
    () =>
      parseArgs({
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
    }).values,
  );
  if (v.help) return { kind: 'help' };
  const usage = (message: string) => new UsageError(message);
  if (!v.fixtures?.length) throw usage('--fixtures DIR is required');
  if (v.ids && v.ids !== 'fresh' && v.ids !== 'recorded') throw usage(`--ids ${v.ids}: expected fresh or recorded`);
  if (v['on-exhausted'] && v['on-exhausted'] !== 'fail' && v['on-exhausted'] !== 'loop') throw usage(`--on-exhausted ${v['on-exhausted']}: expected fail or loop`);
  if (v['binary-bodies'] && !(BINARY_BODIES as readonly string[]).includes(v['binary-bodies'])) throw usage(`--binary-bodies ${v['binary-bodies']}: expected ${BINARY_BODIES.join(', ')}`);
  const timing: Timing = asUsage(() => parseTiming(v.timing ?? 'none'));
  const listen: ListenAddress = asUsage(() => parseListenAddress(v.listen ?? '127.0.0.1:2375'));
  const security: ListenSecurity = asUsage(() => parseListenSecurity(v));
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
    binaryBodies: (v['binary-bodies'] as BinaryBodies | undefined) ?? 'tar-content',
  };
}

/**
 * What a parsed command line asks of the replay daemon, TLS and reporting aside: one mapping
 * for the bin (replay-command.ts) and for tests that start the daemon as the bin would.
 */
export function replayDaemonOptions(command: Extract<ReplayCommand, { kind: 'replay' }>): ReplayDaemonOptions {
  return {
    listen: command.listen,
    insecureRemote: command.security.insecureRemote,
    timing: command.timing,
    ids: command.ids,
    onExhausted: command.onExhausted,
    ignoreBodyFields: command.ignoreBodyFields,
    binaryBodies: command.binaryBodies,
  };
}
