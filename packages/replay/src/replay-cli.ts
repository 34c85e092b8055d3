/**
 * `docktape replay --fixtures <dir> --listen <addr>`: serves recordings as if it were the
 * daemon. Prints exactly one line `docktape replay listening on <url>` when ready (as the proxy
 * does), exits 0 on SIGINT/SIGTERM, 2 on usage errors, 1 when it cannot start.
 */
import { parseArgs } from 'node:util';
import { incompleteNotes, loadFixtures } from './load-fixtures.js';
import { startReplayDaemon } from './replay-daemon.js';
import { parseTiming, type Timing } from './timing.js';

export const REPLAY_HELP = `Usage: docktape replay --fixtures DIR [options]

Serves recorded Docker API exchanges (docktape proxy --record) as if it were the daemon, over
TCP or a unix socket, hijacked attach and websocket attach included. Point any Docker client at
it (DOCKER_HOST=<the printed url>). When it is ready it prints exactly one line:
"docktape replay listening on <url>". SIGINT or SIGTERM stops it.

Options:
  --fixtures DIR     Folder of recordings (.har / .har.jsonl), or of one folder per recording
                     set. Repeatable.
  --listen ADDR      HOST:PORT, tcp://HOST:PORT or unix:///path (created mode 0600).
                     Port 0 picks a free port. Default: 127.0.0.1:2375.
  --timing MODE      none (default), recorded, or a scale such as 0.5 (twice as fast).
  --ids MODE         fresh (default: replayed creates return new ids) or recorded.
  --on-exhausted M   fail (default) or loop, when every matching exchange was replayed.
  --ignore-body F    JSON request body field not compared (key or dotted path). Repeatable.
  --binary-bodies M  exact (default) or ignore: whether non-JSON request bodies (tars built
                     at run time carry fresh mtimes) must equal the recorded bytes.
  --allow-remote     Allow a non-loopback listen address.
  -h, --help         Print this help and exit.
`;

export async function runReplayCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let v;
  let timing: Timing;
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
        'allow-remote': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
    if (v.help) {
      out.write(REPLAY_HELP);
      return 0;
    }
    if (!v.fixtures?.length) throw new TypeError('--fixtures DIR is required');
    if (v.ids && v.ids !== 'fresh' && v.ids !== 'recorded') throw new TypeError(`--ids ${v.ids}: expected fresh or recorded`);
    if (v['on-exhausted'] && v['on-exhausted'] !== 'fail' && v['on-exhausted'] !== 'loop') throw new TypeError(`--on-exhausted ${v['on-exhausted']}: expected fail or loop`);
    if (v['binary-bodies'] && v['binary-bodies'] !== 'exact' && v['binary-bodies'] !== 'ignore') throw new TypeError(`--binary-bodies ${v['binary-bodies']}: expected exact or ignore`);
    timing = parseTiming(v.timing ?? 'none');
  } catch (e) {
    err.write(`docktape replay: ${(e as Error).message}\n\n${REPLAY_HELP}`);
    return 2;
  }
  let daemon;
  try {
    const recordings = await loadFixtures(v.fixtures);
    for (const note of incompleteNotes(recordings)) err.write(`docktape replay: warning: ${note}\n`);
    daemon = await startReplayDaemon(recordings, {
      listen: v.listen ?? '127.0.0.1:2375',
      allowRemote: Boolean(v['allow-remote']),
      timing,
      ids: (v.ids as 'fresh' | 'recorded' | undefined) ?? 'fresh',
      onExhausted: (v['on-exhausted'] as 'fail' | 'loop' | undefined) ?? 'fail',
      ignoreBodyFields: v['ignore-body'] ?? [],
      binaryBodies: (v['binary-bodies'] as 'exact' | 'ignore' | undefined) ?? 'exact',
      onError: (e) => err.write(`${e.message}\n`),
    });
  } catch (e) {
    err.write(`docktape replay: ${(e as Error).message}\n`);
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
