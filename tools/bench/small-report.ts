/**
 * The markdown section the small-request benchmark writes (small-requests.ts): setup, latency
 * table, 100 x 50 table and the ratios issue 16 sets targets on. Pure: text from figures.
 */
import { CONTENDER_LABELS, type ContenderId } from './small-contenders.js';
import { median, percentile, ratio, summarise, type Latency } from './small-stats.js';

export interface ContenderResult {
  id: ContenderId;
  /** Why it was left out (failed to start), instead of figures. */
  notMeasured?: string;
  /** Latency of each timed block, in run order (ms per request). */
  blocks: number[][];
  errors: number;
  /** The serving process's CPU over the timed blocks, per request (µs); undefined when not one process. */
  cpuUsPerRequest?: number;
  /** Wall time of each 100 x 50 round (s), and the failed requests over all rounds. */
  walls: number[];
  concurrencyErrors: number;
  /** Median CPU seconds of the serving process per 100 x 50 round. */
  concurrencyCpuSeconds?: number;
  peakRssMiB?: number;
  /** Exchanges in the recording / lines in the audit log / exit code after SIGTERM. */
  recorded?: number;
  auditLines?: number;
  exitCode?: number | null;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  memGiB: number;
  kernel: string;
  node: string;
  docker: string;
  haproxy: string;
  socat: string;
}

export interface SmallReport {
  command: string;
  /** Start and end of the run (ISO). */
  started: string;
  date: string;
  machine: Machine;
  loadBefore: number[];
  loadAfter: number[];
  requestPath: string;
  requests: number;
  block: number;
  warmup: number;
  rounds: number;
  clients: number;
  perClient: number;
  bodyBytes: { min: number; max: number };
  cpuProfDir?: string;
  results: ContenderResult[];
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const signedMs = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(3)}` : '–');
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '–');
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

export const latencyOf = (r: ContenderResult): Latency => summarise(r.blocks.flat());

/**
 * The p50 each contender adds over direct within each cycle (one block of every contender, back
 * to back), as [p25, p75] over cycles: how much the added p50 moves with the load of the moment.
 */
export function addedPerCycle(r: ContenderResult, direct: ContenderResult): [number, number] {
  const added = r.blocks.map((b, i) => percentile(b, 50) - percentile(direct.blocks[i] ?? [], 50)).filter(Number.isFinite);
  return [percentile(added, 25), percentile(added, 75)];
}

export interface Ratios {
  /** docktape's added p50 / the minimal Node relay's (target for --record <= 1.1). */
  addedVsRelay: number;
  /** docktape's added p50 / HAProxy's (the moonshot: < 1). */
  addedVsHaproxy: number;
  /** docktape's median 100 x 50 wall / HAProxy's (target for --record <= 1.0). */
  wallVsHaproxy: number;
}

export function ratiosOf(results: readonly ContenderResult[], id: ContenderId): Ratios {
  const byId = new Map(results.filter((r) => !r.notMeasured).map((r) => [r.id, r]));
  const direct = byId.get('direct');
  const added = (other: ContenderId) => {
    const r = byId.get(other);
    return r && direct ? latencyOf(r).p50 - latencyOf(direct).p50 : Number.NaN;
  };
  const wall = (other: ContenderId) => median(byId.get(other)?.walls ?? []);
  return {
    addedVsRelay: ratio(added(id), added('node-relay')),
    addedVsHaproxy: ratio(added(id), added('haproxy')),
    wallVsHaproxy: ratio(wall(id), wall('haproxy')),
  };
}

const verdict = (x: number, limit: number) => (Number.isFinite(x) ? (x <= limit ? 'met' : 'not met') : 'not measured');

export function renderReport(r: SmallReport): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const measured = r.results.filter((c) => !c.notMeasured);
  const direct = measured.find((c) => c.id === 'direct');
  const socat = measured.find((c) => c.id === 'socat');
  const m = r.machine;

  line('# Issue 16: small requests and 100 x 50, side by side (`tools/bench/small-requests.ts`)');
  line();
  line(`Command: \`${r.command}\`  `);
  line(`Machine: \`nproc\` ${m.nproc}, ${m.cpuModel}, ${m.memGiB} GiB RAM, ${m.kernel}; Node ${m.node}, Docker ${m.docker}, ${m.haproxy}, ${m.socat}  `);
  line(`Date: ${r.started} to ${r.date}; load average (1, 5, 15 min) before: ${load(r.loadBefore)}, after: ${load(r.loadAfter)} (the machine is shared)`);
  line();
  line(
    `Every contender but direct listens on loopback TCP (127.0.0.1) and reaches the daemon on its unix socket; direct is the unix socket itself, so "added" includes the loopback TCP hop, which socat (no HTTP handling) shows alone: the direct-over-a-TCP-relay baseline. Each is its own process. HAProxy runs \`mode http\` with keep-alive on both sides (the engine of docker-socket-proxy; that project's config adds \`option http-server-close\`, a new daemon connection per request: the \`haproxy-close\` row, without its allow rules). The docktape proxies are the CLI (\`packages/cli/bin/docktape.js\`, i.e. dist/main.js).`,
  );
  line();
  for (const c of r.results.filter((c) => c.notMeasured)) line(`- ${c.id}: not measured (${c.notMeasured})`);
  if (r.results.some((c) => c.notMeasured)) line();

  line(`### Latency: \`GET ${r.requestPath}\`, one keep-alive connection per contender`);
  line();
  line(
    `${r.warmup} warm-up requests each, then ${r.requests} timed each in blocks of ${r.block}, the contenders taking turns block by block, the order shifted by one each cycle. Body ${r.bodyBytes.min === r.bodyBytes.max ? `${r.bodyBytes.min}` : `${r.bodyBytes.min}–${r.bodyBytes.max}`} bytes. Added = p50 − direct's p50 over the whole run; per cycle: p25–p75 over cycles of (block p50 − direct's block p50 in the same cycle). CPU: the serving process's time on CPU (all threads, the scheduler's counters) over its timed blocks, per request; not for socat, which serves each connection in a forked child.`,
  );
  line();
  line('| contender | p50 ms | p90 ms | p99 ms | p50 added over direct | per cycle | over socat | CPU µs/req | errors |');
  line('|---|---|---|---|---|---|---|---|---|');
  for (const c of measured) {
    const lat = latencyOf(c);
    const added = direct ? lat.p50 - latencyOf(direct).p50 : Number.NaN;
    const [lo, hi] = direct && c !== direct ? addedPerCycle(c, direct) : [Number.NaN, Number.NaN];
    const overSocat = socat && c !== direct ? lat.p50 - latencyOf(socat).p50 : Number.NaN;
    const cpu = c.cpuUsPerRequest === undefined ? '–' : c.cpuUsPerRequest.toFixed(0);
    line(
      `| ${CONTENDER_LABELS[c.id]} | ${ms(lat.p50)} | ${ms(lat.p90)} | ${ms(lat.p99)} | ${c === direct ? '' : `**${signedMs(added)}**`} | ${Number.isFinite(lo) ? `${signedMs(lo)} … ${signedMs(hi)}` : ''} | ${c === direct || c === socat ? '' : signedMs(overSocat)} | ${cpu} | ${c.errors} |`,
    );
  }
  line();

  line(`### ${r.clients} clients x ${r.perClient} requests at once, ${r.rounds} rounds`);
  line();
  line(
    `Each client its own keep-alive connection, sending \`GET ${r.requestPath}\` ${r.perClient} times one after another; the contenders one at a time, in table order on even rounds and reversed on odd ones. Wall time until the last answer; CPU: the serving process's seconds on CPU per round (median).`,
  );
  line();
  const haproxyWall = median(measured.find((c) => c.id === 'haproxy')?.walls ?? []);
  line('| contender | wall s per round | median wall s | / HAProxy | CPU s | errors | peak RSS MiB |');
  line('|---|---|---|---|---|---|---|');
  for (const c of measured) {
    const wall = median(c.walls);
    line(
      `| ${CONTENDER_LABELS[c.id]} | ${c.walls.map((w) => w.toFixed(2)).join(' ')} | **${wall.toFixed(2)}** | ${times(ratio(wall, haproxyWall))} | ${c.concurrencyCpuSeconds === undefined ? '–' : c.concurrencyCpuSeconds.toFixed(2)} | ${c.concurrencyErrors} | ${c.peakRssMiB === undefined ? '–' : c.peakRssMiB.toFixed(0)} |`,
    );
  }
  line();

  line('### The ratios issue 16 sets targets on (same run)');
  line();
  const conc = `${r.clients} x ${r.perClient}`;
  line(`| | added p50 / minimal Node relay's | added p50 / HAProxy's | ${conc} wall / HAProxy's |`);
  line('|---|---|---|---|');
  for (const id of ['docktape', 'docktape-record', 'docktape-audit'] as const) {
    if (!measured.some((c) => c.id === id)) continue;
    const q = ratiosOf(r.results, id);
    line(`| ${CONTENDER_LABELS[id]} | ${times(q.addedVsRelay)} | ${times(q.addedVsHaproxy)} | ${times(q.wallVsHaproxy)} |`);
  }
  line();
  const rec = ratiosOf(r.results, 'docktape-record');
  line(`- \`--record\` added p50 / minimal Node relay's: **${times(rec.addedVsRelay)}** (target <= 1.1: ${verdict(rec.addedVsRelay, 1.1)})`);
  line(`- \`--record\` ${conc} wall / HAProxy's: **${times(rec.wallVsHaproxy)}** (target <= 1.0: ${verdict(rec.wallVsHaproxy, 1.0)})`);
  line(`- \`--record\` added p50 / HAProxy's: **${times(rec.addedVsHaproxy)}** (the moonshot: below 1: ${verdict(rec.addedVsHaproxy, 1.0)})`);
  const counts = measured.filter((c) => c.recorded !== undefined || c.auditLines !== undefined || (c.exitCode !== undefined && c.exitCode !== null && c.exitCode !== 0));
  if (counts.length > 0) {
    line();
    const sent = r.warmup + r.requests + r.rounds * r.clients * r.perClient;
    for (const c of counts) {
      const parts = [
        c.recorded === undefined ? undefined : `${c.recorded}/${sent} exchanges in the recording`,
        c.auditLines === undefined ? undefined : `${c.auditLines} audit lines`,
        `exit code after SIGTERM ${c.exitCode}`,
      ].filter(Boolean);
      line(`- ${c.id}: ${parts.join(', ')}.`);
    }
  }
  if (r.cpuProfDir) {
    line();
    line(`CPU profiles of the docktape proxies (whole run, \`--cpu-prof\`): ${r.cpuProfDir}`);
  }
  line();
  return out.join('\n');
}
