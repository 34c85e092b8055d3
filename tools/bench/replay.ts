/**
 * Benchmarks of @docktape/replay (figures go to tools/bench/RESULTS-replay.md by hand):
 *
 * 1. Wall time of the full hermetic replay suite (`npx vitest run replay/` in test/): one first
 *    run with vitest's transform cache cleared (as after a clone), then the median of runs, with
 *    the load average around them (the machine is shared: note it with the figure), and the CPU
 *    time the run's processes used (steadier than the wall time under others' load); then the
 *    same without the two docker CLI session files.
 * 2. A recorded 64 MiB export replayed through msw (global fetch intercepted, body streamed
 *    from the sidecar file, re-chunked as recorded) against reading the same sidecar from disk,
 *    alternating rounds; reports MiB/s of each and the median of per-round ratios.
 *
 *   DOCKER_HOST=unix:///tmp/docktape-dockerd/docker.sock npx tsx tools/bench/replay.ts [--suite-runs 3] [--rounds 7]
 *   npx tsx tools/bench/replay.ts --suite-runs 5 --suite-only   # 1 only: no daemon needed
 *
 * The export is recorded once from the real daemon through `docktape proxy --record` into
 * $DOCKTAPE_BENCH_DIR (default /tmp/docktape-bench-replay) and reused by later runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setupServer } from 'msw/node';
import { createDockerClient } from '@docktape/client';
import { bodyPath } from '@docktape/recording';
import { createReplayHandlers, loadFixtures, ReplayEngine } from '@docktape/replay';
import { startDocktape } from '../support/docktape-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: { 'suite-runs': { type: 'string', default: '3' }, rounds: { type: 'string', default: '7' }, 'suite-only': { type: 'boolean', default: false } },
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MiB = 1024 * 1024;

// 1. the hermetic replay suite (test/replay), then without the two docker CLI sessions (plain and
// over TLS), which are most of it. Files are picked by name: `--exclude` does not reach past the
// replay project's own exclude in test/vitest.config.ts.
const replayFiles = (await readdir(path.join(ROOT, 'test/replay'))).filter((f) => f.endsWith('.replay.test.ts'));
const withoutCli = replayFiles.filter((f) => !/^(docker-cli|tls-listen)\./.test(f)).map((f) => `replay/${f}`);
const variants: [string, string[]][] = [
  ['hermetic replay suite: all of test/replay (msw, replay daemon, docker CLI sessions plain and over TLS)', ['replay/']],
  ['the same without the two docker CLI sessions (the 25 operations, errors, corrupt fixtures, coverage)', withoutCli],
];
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
/** One `npx vitest run` of these files: wall and CPU seconds. */
function suiteRun(filters: string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const cpu0 = childrenCpu();
  const r = spawnSync('npx', ['vitest', 'run', ...filters], { cwd: path.join(ROOT, 'test'), stdio: 'ignore' });
  if (r.status !== 0) throw new Error('the replay suite failed; fix it before benchmarking');
  return { wall: (performance.now() - t0) / 1000, cpu: childrenCpu() - cpu0 };
}
// The suite keeps its transformed files between runs (test/vitest.config.ts, fsModuleCache): the
// medians below are of runs after another, as a developer's are. A first run after a clone or a
// `vitest --clearCache` transforms them all, as CI's single run does: measured once, apart.
const VITEST_CACHE = path.join(ROOT, 'node_modules/.experimental-vitest-cache');
await rm(VITEST_CACHE, { recursive: true, force: true });
const cold = suiteRun(['replay/']);
process.stdout.write(`hermetic replay suite, first run with no transform cache (as after a clone): wall ${cold.wall.toFixed(1)} s, CPU ${cold.cpu.toFixed(1)} s (load ${load()})\n`);
for (const [title, filters] of variants) {
  const runs: number[] = [];
  const cpu: number[] = [];
  const loadBefore = load();
  for (let i = 0; i < Number(values['suite-runs']); i++) {
    const run = suiteRun(filters);
    runs.push(run.wall);
    cpu.push(run.cpu);
  }
  const cpuText = Number.isNaN(cpu[0]) ? '' : `; CPU median ${median(cpu).toFixed(1)} s of ${cpu.map((s) => s.toFixed(1)).join(', ')} s`;
  process.stdout.write(`${title}: wall time median ${median(runs).toFixed(1)} s of ${runs.map((s) => s.toFixed(1)).join(', ')} s${cpuText} (load before ${loadBefore}, after ${load()})\n`);
}
if (values['suite-only']) {
  process.stdout.write(machine());
  process.exit(0);
}

// 2. a 64 MiB export
const dir = process.env.DOCKTAPE_BENCH_DIR ?? '/tmp/docktape-bench-replay';
if (!existsSync(path.join(dir, 'blobs')) || (await readdir(dir)).filter((n) => n.endsWith('.har')).length === 0) await recordExport(dir);
const recordings = await loadFixtures(dir);
const exchange = recordings.flatMap((r) => r.entries.map((entry) => ({ r, entry }))).find(({ entry }) => /\/export$/.test(new URL(entry.request.url).pathname))!;
const sidecar = bodyPath(exchange.r.file, exchange.entry.response.content)!;
const size = exchange.entry.response.content.size;
const exportPath = new URL(exchange.entry.request.url).pathname;

const engine = new ReplayEngine(recordings, { onExhausted: 'loop', ids: 'recorded' });
const server = setupServer(...createReplayHandlers(engine));
server.listen({ onUnhandledRequest: 'error' });

async function viaMsw(): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`http://docker${exportPath}`);
  let n = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.length;
  if (n !== size) throw new Error(`msw replay gave ${n} bytes, recorded ${size}`);
  return performance.now() - t0;
}
async function fromDisk(): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const chunk of createReadStream(sidecar, { highWaterMark: 256 * 1024 })) n += (chunk as Buffer).length;
  if (n !== size) throw new Error(`disk gave ${n} bytes`);
  return performance.now() - t0;
}

await viaMsw();
await fromDisk();
const msw: number[] = [];
const disk: number[] = [];
const ratios: number[] = [];
for (let i = 0; i < Number(values.rounds); i++) {
  const m = await viaMsw();
  const d = await fromDisk();
  msw.push(m);
  disk.push(d);
  ratios.push(d / m); // throughput ratio: msw / disk
}
server.close();
const rate = (ms: number) => (size / MiB / (ms / 1000)).toFixed(0);
process.stdout.write(
  `export of ${(size / MiB).toFixed(1)} MiB (${exchange.entry._chunks?.length ?? 0} recorded chunks): ` +
    `msw ${rate(median(msw))} MiB/s, disk ${rate(median(disk))} MiB/s, msw/disk throughput ratio (median of ${ratios.length}) ${median(ratios).toFixed(3)}\n`,
);
process.stdout.write(machine());

/**
 * CPU seconds (user + sys) used by this process's finished children and everything they waited
 * for: the run's npx, vitest, its forks, the docker CLI and docktape processes. Unlike the wall
 * time it barely moves with the load other users put on the machine. Linux only (NaN elsewhere):
 * cutime and cstime of /proc/self/stat, in clock ticks (100 per second on Linux).
 */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime (16th), cstime (17th)
  } catch {
    return Number.NaN;
  }
}

function machine(): string {
  return `machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, node ${process.version}, load ${load()}\n`;
}

/** A container whose filesystem holds a 64 MiB random file, exported once through the recording proxy. */
async function recordExport(out: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const host = process.env.DOCKER_HOST;
  if (!host) throw new Error('DOCKER_HOST must point at the real daemon to record the export once');
  const env = { ...process.env, DOCKER_API_VERSION: '1.40' };
  const id = execFileSync('docker', ['create', 'busybox:latest', 'sh', '-c', 'head -c 67108864 /dev/urandom > /big; sleep 300'], { env, encoding: 'utf8' }).trim();
  try {
    execFileSync('docker', ['start', id], { env });
    execFileSync('docker', ['exec', id, 'sh', '-c', 'while [ "$(wc -c < /big 2>/dev/null)" != 67108864 ]; do sleep 0.2; done'], { env });
    const sock = await mkdtemp(path.join(os.tmpdir(), 'dt-bench-'));
    const proxy = await startDocktape(['proxy', '--target', host, '--listen', `unix://${sock}/p.sock`, '--record', out]);
    const client = createDockerClient({ host: proxy.url });
    let n = 0;
    for await (const chunk of await client.containers.export(id)) n += (chunk as Buffer).length;
    await client.close();
    await proxy.stop();
    await rm(sock, { recursive: true, force: true });
    process.stdout.write(`recorded an export of ${(n / MiB).toFixed(1)} MiB into ${out}\n`);
  } finally {
    execFileSync('docker', ['rm', '-f', id], { env, stdio: 'ignore' });
  }
}
