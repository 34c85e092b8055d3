/**
 * Issue 16's instrument: what a small request costs through docktape, next to what it costs
 * through socat, HAProxy, a minimal Node relay and bare http-proxy-3, in one run on the same
 * daemon, so the ratios the issue sets targets on come from one machine state.
 *
 *   DOCKER_HOST=unix:///tmp/docktape-dockerd/docker.sock npm run bench:small -- \
 *     [--requests 3000] [--block 100] [--warmup 200] [--rounds 5] [--clients 100] [--per-client 50]
 *     [--only socat,haproxy,docktape-record] [--out FILE] [--cpu-prof DIR]
 *
 * - Contenders (small-contenders.ts): direct (the daemon's unix socket), socat, HAProxy (mode
 *   http, keep-alive; and with docker-socket-proxy's http-server-close), the minimal Node relay,
 *   http-proxy-3 with a keep-alive agent, `docktape proxy`, `--record DIR`, `--record DIR --audit
 *   FILE --validate`. All but direct listen on loopback TCP and reach the daemon's unix socket.
 *   socat and HAProxy are installed with apt-get when missing (as root). `--only` picks some
 *   (direct is always in: every figure is added over it).
 * - Latency: GET /v1.40/containers/json?all=1 on one keep-alive connection per contender,
 *   warm-up first, then --requests each in blocks of --block, the contenders taking turns block
 *   by block in an order shifted every cycle: p50/p90/p99 and p50 added over direct.
 * - Concurrency: --clients clients x --per-client requests at once per contender, one contender
 *   at a time, the order reversed every other round, --rounds rounds: median wall, errors.
 * - `--cpu-prof DIR` runs the docktape proxies with `--cpu-prof --cpu-prof-dir DIR` (one
 *   .cpuprofile per proxy, written when it stops) to profile them under this load.
 * - `--out FILE` appends the markdown section to FILE (the committed runs are sections of
 *   tools/bench/RESULTS-proxy.md); without it the section is printed only.
 * Needs the docktape build (`npx turbo run build`). A full run (--requests 3000 --rounds 5) takes
 * 4 to 8 minutes on 2 vCPUs, with the machine's load. Summarise a profile with cpuprofile-top.ts.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine-info.js';
import { concurrentRun, emptyRun, oneConnection, timedRequests, type TimedRun } from './small-client.js';
import { isDocktape, selectContenders, type ContenderId } from './small-contenders.js';
import { renderReport, type ContenderResult } from './small-report.js';
import { countLines, countRecordedEntries, cpuSeconds, peakRssMiB, startContender, type Contender } from './small-start.js';
import { alternate, blockSizes, median, rotate } from './small-stats.js';

const REQUEST_PATH = '/v1.40/containers/json?all=1';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    block: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '100' },
    'per-client': { type: 'string', default: '50' },
    only: { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const count = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: a whole number, not ${values[name]}`);
  return n;
};
const REQUESTS = count('requests');
const BLOCK = Math.max(1, count('block'));
const WARMUP = count('warmup');
const ROUNDS = count('rounds');
const CLIENTS = count('clients');
const PER_CLIENT = count('per-client');
const ids = selectContenders(values.only);
const cpuProfDir = values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined;

const DOCKER_HOST = process.env.DOCKER_HOST;
if (!DOCKER_HOST?.startsWith('unix://')) throw new Error('set DOCKER_HOST=unix:///path/to/docker.sock (direct is measured on the unix socket)');
const socketPath = DOCKER_HOST.slice('unix://'.length);

const started = new Date().toISOString();
const loadBefore = os.loadavg();
const machine = await machineInfo(socketPath);
const work = await mkdtemp(path.join(os.tmpdir(), 'docktape-bench-small-'));

// start every contender first, so that none starts while another is measured
const running: Contender[] = [];
const results = new Map<ContenderId, ContenderResult>();
for (const id of ids) {
  const result: ContenderResult = { id, blocks: [], errors: 0, walls: [], concurrencyErrors: 0 };
  results.set(id, result);
  try {
    running.push(await startContender(id, { socketPath, work, cpuProfDir: isDocktape(id) ? cpuProfDir : undefined }));
  } catch (err) {
    result.notMeasured = (err as Error).message;
    console.error(`${id}: not measured (${result.notMeasured})`);
  }
}
const servingPid = (c: Contender) => (c.id === 'socat' ? undefined : c.pid); // socat forks a child per connection

// ---- latency ---------------------------------------------------------------------------------
const agents = new Map(running.map((c) => [c.id, oneConnection()]));
const runs = new Map<ContenderId, TimedRun>(running.map((c) => [c.id, emptyRun()]));
const warm = emptyRun();
for (const [i, size] of blockSizes(WARMUP, BLOCK).entries()) {
  for (const c of rotate(running, i)) await timedRequests(c.endpoint, REQUEST_PATH, agents.get(c.id)!, size, warm);
}
const cpuSpent = new Map<ContenderId, number>();
for (const [i, size] of blockSizes(REQUESTS, BLOCK).entries()) {
  for (const c of rotate(running, i)) {
    const run = runs.get(c.id)!;
    const before = run.ms.length;
    const pid = servingPid(c);
    const cpu0 = pid ? await cpuSeconds(pid) : 0;
    await timedRequests(c.endpoint, REQUEST_PATH, agents.get(c.id)!, size, run);
    if (pid) cpuSpent.set(c.id, (cpuSpent.get(c.id) ?? 0) + (await cpuSeconds(pid)) - cpu0);
    results.get(c.id)!.blocks.push(run.ms.slice(before));
  }
  process.stderr.write(`\rlatency: block ${i + 1}/${Math.ceil(REQUESTS / BLOCK)}`);
}
process.stderr.write('\n');
for (const agent of agents.values()) agent.destroy();
for (const c of running) {
  const r = results.get(c.id)!;
  const run = runs.get(c.id)!;
  r.errors = run.errors;
  if (servingPid(c)) r.cpuUsPerRequest = ((cpuSpent.get(c.id) ?? 0) / Math.max(1, run.ms.length)) * 1e6;
}
const allRuns = [...runs.values(), warm];
const bodyBytes = { min: Math.min(...allRuns.map((r) => r.minBytes)), max: Math.max(...allRuns.map((r) => r.maxBytes)) };

// ---- concurrency -----------------------------------------------------------------------------
const roundCpu = new Map<ContenderId, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const c of alternate(running, round)) {
    const pid = servingPid(c);
    const cpu0 = pid ? await cpuSeconds(pid) : 0;
    const { seconds, errors } = await concurrentRun(c.endpoint, REQUEST_PATH, CLIENTS, PER_CLIENT);
    if (pid) roundCpu.set(c.id, [...(roundCpu.get(c.id) ?? []), (await cpuSeconds(pid)) - cpu0]);
    const r = results.get(c.id)!;
    r.walls.push(seconds);
    r.concurrencyErrors += errors;
    process.stderr.write(`\rconcurrency: round ${round + 1}/${ROUNDS}, ${c.id} ${seconds.toFixed(2)} s   `);
  }
}
process.stderr.write('\n');

// ---- stop, and count what the recording proxies kept -------------------------------------------
for (const c of running) {
  const r = results.get(c.id)!;
  if (roundCpu.has(c.id)) r.concurrencyCpuSeconds = median(roundCpu.get(c.id)!);
  if (c.pid && c.id !== 'socat') r.peakRssMiB = await peakRssMiB(c.pid);
  const code = await c.stop();
  if (isDocktape(c.id)) r.exitCode = code;
  // a count that fails costs its line in the report, not the run's figures
  if (c.recordDir) r.recorded = await countRecordedEntries(c.recordDir).catch((err: Error) => (console.error(`${c.id}: ${err.message}`), undefined));
  if (c.auditFile) r.auditLines = await countLines(c.auditFile).catch((err: Error) => (console.error(`${c.id}: ${err.message}`), undefined));
}
await rm(work, { recursive: true, force: true });

const section = renderReport({
  command: `DOCKER_HOST=${DOCKER_HOST} npx tsx tools/bench/small-requests.ts ${process.argv.slice(2).join(' ')}`.trim(),
  started,
  date: new Date().toISOString(),
  machine,
  loadBefore,
  loadAfter: os.loadavg(),
  requestPath: REQUEST_PATH,
  requests: REQUESTS,
  block: BLOCK,
  warmup: WARMUP,
  rounds: ROUNDS,
  clients: CLIENTS,
  perClient: PER_CLIENT,
  bodyBytes,
  cpuProfDir,
  results: [...results.values()],
});
console.log(section);
if (values.out) {
  // a section appended after what the file holds (RESULTS-proxy.md keeps earlier issues' parts)
  const existing = await readFile(values.out, 'utf8').catch(() => '');
  await appendFile(values.out, `${existing && !existing.endsWith('\n\n') ? (existing.endsWith('\n') ? '\n' : '\n\n') : ''}${section}`);
  console.error(`appended to ${values.out}`);
}
