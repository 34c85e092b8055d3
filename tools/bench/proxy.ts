/**
 * docktape proxy benchmarks (issue 4), against a direct connection to the same daemon, runs
 * alternating between direct and proxied (and which goes first) so machine drift hits both;
 * figures are medians of per-round ratios.
 *
 *   DOCKER_HOST=unix:///path/docker.sock npx tsx tools/bench/proxy.ts [--rounds 5] [--mib 512]
 *        [--small 2000] [--clients 100] [--requests 50] [--out tools/bench/RESULTS-proxy.md]
 *        [--parts export,relays,cli,small,concurrency,audit]
 *    (`--parts export --out /tmp/export.md` iterates on throughput alone, any part can be left out; the committed results
 *    come from a full run). The run is appended to --out as a section of its own (`## tools/bench/proxy.ts run, DATE`):
 *    the committed file also holds earlier runs, other benches' sections and notes written by hand.
 *
 * 1. export: GET /containers/{id}/export of a container holding --mib MiB of random data, through
 *    `docktape proxy --record` (the real CLI, recording to a temporary folder) vs direct:
 *    throughput ratio (target >= 0.90) and the proxy's peak RSS (VmHWM, target < 150 MiB).
 *    relays: the same export through socat (when installed), a bare Node socket pipe, a Node
 *    relay reading into reused buffers with and without sha256 over the bytes, and the proxy
 *    without recording and with --buffered-io, to show what this machine allows.
 *    cli: the same export as `docker export` (the docker CLI as the client) direct vs proxied.
 * 2. small requests: GET /containers/json over keep-alive, p50 added latency (target < 1 ms).
 * 3. concurrency: --clients clients x --requests requests each, all at once: no errors, and
 *    every exchange is in the recording.
 * 4. audit (issue 13): the proxy with `--audit FILE --validate` (no --record) against the same
 *    proxy without them, side by side in one run: the export's throughput ratio (target >=
 *    0.95) and the small requests' p50 (target: within 0.1 ms), alternating as above.
 * Needs a daemon with the busybox image (tools/daemon/docker-daemon.sh start).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readRecordings } from '@docktape/recording';
import { docker, drain, median, percentile, processCpuSeconds, startProxy, stop, type Endpoint } from './bench-kit.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const ROUNDS = Number(args.get('rounds') ?? 5);
const MIB = Number(args.get('mib') ?? 512);
const SMALL = Number(args.get('small') ?? 2000);
const CLIENTS = Number(args.get('clients') ?? 100);
const REQUESTS = Number(args.get('requests') ?? 50);
const PARTS = new Set((args.get('parts') ?? 'export,relays,cli,small,concurrency,audit').split(','));
const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUT = path.resolve(ROOT, args.get('out') ?? 'tools/bench/RESULTS-proxy.md');
const DOCKER_HOST = process.env.DOCKER_HOST;
if (!DOCKER_HOST?.startsWith('unix://')) throw new Error('set DOCKER_HOST=unix:///path/to/docker.sock');
const SOCKET = DOCKER_HOST.slice('unix://'.length);
const IMAGE = process.env.DOCKTAPE_TEST_IMAGE ?? 'busybox:latest';

/** socat from loopback TCP to the daemon's socket (if socat is installed). */
async function startSocat(): Promise<{ child: ChildProcess; endpoint: Endpoint }> {
  const port = await freePort();
  const child = spawn('socat', ['-b', '262144', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `UNIX-CONNECT:${SOCKET}`], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    const tryConnect = () => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve()));
      s.on('error', () => setTimeout(tryConnect, 50));
    };
    tryConnect();
  });
  return { child, endpoint: { host: '127.0.0.1', port } };
}

/** The least a Node relay can do: two sockets piped both ways, no HTTP, no recording. */
const NODE_PIPE = `const server = net.createServer((c) => {
  const u = net.connect(process.argv[1]);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
});`;

/**
 * The daemon's bytes read into reused 256 KiB buffers (as docktape's streamed path reads them),
 * optionally with a sha256 over every byte and a copy of them written to a file with O_DIRECT
 * from aligned 4 MiB blocks (as docktape records them): what recording alone costs a relay, with
 * no HTTP. A toy: the client is fast, so it has no backpressure, and it drops the file's tail.
 */
const nodeReuseRelay = (record: 'none' | 'hash' | 'hash+disk', file = '') => `const { createHash } = require('node:crypto');
const fs = require('node:fs');
const free = [];
const BLOCK = 4 * 1024 * 1024;
const blocks = [];
const block = () => blocks.pop() ?? Buffer.from(new WebAssembly.Memory({ initial: 64, maximum: 64 }).buffer);
const server = net.createServer((c) => {
  const h = ${record !== 'none'} ? createHash('sha256') : undefined;
  const fd = ${record === 'hash+disk'} ? fs.openSync(${JSON.stringify(file)}, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_DIRECT, 0o600) : undefined;
  let cur, blk = block(), filled = 0, position = 0;
  const u = net.connect({ path: process.argv[1], onread: {
    buffer: () => (cur ??= free.pop() ?? Buffer.allocUnsafeSlow(262144)),
    callback: (n) => {
      const b = cur;
      cur = undefined;
      const data = b.subarray(0, n);
      h?.update(data);
      for (let o = 0; fd !== undefined && o < n; ) {
        const k = data.copy(blk, filled, o);
        filled += k;
        o += k;
        if (filled === BLOCK) {
          const full = blk;
          fs.write(fd, full, 0, BLOCK, position, () => blocks.push(full));
          position += BLOCK;
          blk = block();
          filled = 0;
        }
      }
      c.write(data, () => free.push(b));
      return true;
    } } });
  c.pipe(u);
  u.on('end', () => c.end());
  u.on('close', () => fd !== undefined && fs.close(fd, () => {}));
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
});`;

async function startNodeRelay(code: string): Promise<{ child: ChildProcess; endpoint: Endpoint }> {
  const listen = `server.listen(0, '127.0.0.1', () => console.log('listening on tcp://127.0.0.1:' + server.address().port));`;
  const child = spawn(process.execPath, ['-e', `const net = require('node:net');\n${code}\n${listen}`, SOCKET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.on('data', (d: Buffer) => resolve(Number(/:(\d+)/.exec(String(d))![1]))));
  return { child, endpoint: { host: '127.0.0.1', port } };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const direct: Endpoint = { socketPath: SOCKET };
/** Small requests are timed in alternating blocks of this many. */
const BLOCK = 100;
const lines: string[] = [];
const log = (line = '') => {
  console.log(line);
  lines.push(line);
};

// ---- 1. export throughput and peak RSS -------------------------------------------------------
const work = await mkdtemp(path.join(os.tmpdir(), 'docktape-bench-'));
const name = `docktape-bench-export-${process.pid}`;
const exportPath = `/v1.40/containers/${name}/export`;
const needsExport = PARTS.has('export') || PARTS.has('relays') || PARTS.has('cli') || PARTS.has('audit');
if (needsExport) {
  docker('run', '--name', name, '--label', 'org.docktape.bench=1', IMAGE, 'dd', 'if=/dev/urandom', `of=/big.bin`, 'bs=1048576', `count=${MIB}`);
  await drain(direct, exportPath); // warm the page cache for both
}
interface ExportResult { transport: string; ratios: number[]; rows: string[]; peak: number; recorded: number }
const exportResults: ExportResult[] = [];
for (const transport of PARTS.has('export') ? (['tcp', 'unix'] as const) : []) {
  const recDir = path.join(work, `export-rec-${transport}`);
  const exportProxy = await startProxy(recDir, transport === 'tcp' ? '127.0.0.1:0' : `unix://${path.join(work, 'proxy.sock')}`);
  const ratios: number[] = [];
  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['direct', 'proxy'] as const) : (['proxy', 'direct'] as const);
    const mibps: Record<string, number> = {};
    let proxyCpu = 0;
    for (const which of order) {
      const cpu0 = await exportProxy.cpuSeconds();
      const t0 = performance.now();
      const bytes = await drain(which === 'direct' ? direct : exportProxy.endpoint, exportPath);
      mibps[which] = bytes / 1048576 / ((performance.now() - t0) / 1000);
      if (which === 'proxy') proxyCpu = (await exportProxy.cpuSeconds()) - cpu0;
    }
    ratios.push(mibps.proxy! / mibps.direct!);
    rows.push(`| ${transport} | ${round + 1} | ${order.join(' then ')} | ${mibps.direct!.toFixed(0)} | ${mibps.proxy!.toFixed(0)} | ${(mibps.proxy! / mibps.direct!).toFixed(3)} | ${proxyCpu.toFixed(2)} |`);
  }
  const peak = await exportProxy.peakRssMiB();
  await stop(exportProxy.child);
  const [rec] = await readRecordings(recDir);
  const recorded = rec!.entries.filter((e) => e.request.url.endsWith('/export') && e.response.content._file).length;
  exportResults.push({ transport, ratios, rows, peak, recorded });
}

// ---- 1b. what this machine allows: the same export through other relays, same run -----------
// Each relay listens on loopback TCP and reaches the daemon's socket; every proxied export is
// paired with a direct one right before or after it (alternating), as above.
const relayRatios = new Map<string, number[]>();
const relayCpu = new Map<string, number[]>();
if (PARTS.has('relays')) {
  const relays: [string, () => Promise<{ child: ChildProcess; endpoint: Endpoint }>][] = [
    ['socat -b 262144 (no recording)', startSocat],
    ['Node net pipe (no recording)', () => startNodeRelay(NODE_PIPE)],
    ['Node relay, reused 256 KiB read buffers (no recording)', () => startNodeRelay(nodeReuseRelay('none'))],
    ['Node relay, reused buffers + sha256 of every byte (no disk)', () => startNodeRelay(nodeReuseRelay('hash'))],
    ['Node relay, reused buffers + sha256 + O_DIRECT copy to a file (no HTTP)', () => startNodeRelay(nodeReuseRelay('hash+disk', path.join(work, 'toy-relay.bin')))],
    ['docktape proxy, no --record', () => startProxy(undefined)],
    ['docktape proxy --record --buffered-io', () => startProxy(path.join(work, 'relay-rec-buffered'), '127.0.0.1:0', ['--buffered-io'])],
    ['docktape proxy --record (O_DIRECT)', () => startProxy(path.join(work, 'relay-rec-direct'))],
  ];
  const running: [string, { child: ChildProcess; endpoint: Endpoint }][] = [];
  for (const [label, start] of relays) {
    const relay = await start().catch((err: Error) => (console.error(`${label}: not measured (${err.message})`), undefined));
    if (relay) running.push([label, relay]);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, relay] of round % 2 === 0 ? running : [...running].reverse()) {
      const first = round % 2 === 0 ? 'direct' : 'relay';
      const speed: Record<string, number> = {};
      for (const which of first === 'direct' ? ['direct', 'relay'] : ['relay', 'direct']) {
        const cpu0 = which === 'relay' ? await processCpuSeconds(relay.child.pid!) : 0;
        const t0 = performance.now();
        const bytes = await drain(which === 'direct' ? direct : relay.endpoint, exportPath);
        speed[which] = bytes / ((performance.now() - t0) / 1000);
        if (which === 'relay') {
          // socat serves each connection in a child: give it a moment to be reaped into cutime
          if (label.startsWith('socat')) await new Promise((resolve) => setTimeout(resolve, 100));
          relayCpu.set(label, [...(relayCpu.get(label) ?? []), (await processCpuSeconds(relay.child.pid!)) - cpu0]);
        }
      }
      relayRatios.set(label, [...(relayRatios.get(label) ?? []), speed.relay! / speed.direct!]);
    }
  }
  for (const [, relay] of running) await stop(relay.child);
}
// ---- 1c. what docker CLI users see: `docker export` through the recording proxy vs direct ----
// The CLI's own start-up is in both timings, as it is for anyone who runs it.
const cliRatios: number[] = [];
if (PARTS.has('cli')) {
  const cliProxy = await startProxy(path.join(work, 'cli-rec'));
  const { host, port } = cliProxy.endpoint as { host: string; port: number };
  const timeExport = (dockerHost: string) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn('docker', ['export', name], { env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_API_VERSION: '1.40' }, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`docker export via ${dockerHost} exited ${code}`))));
    });
  for (let round = 0; round < ROUNDS; round++) {
    const hosts = round % 2 === 0 ? [DOCKER_HOST, `tcp://${host}:${port}`] : [`tcp://${host}:${port}`, DOCKER_HOST];
    const ms: Record<string, number> = {};
    for (const h of hosts) ms[h] = await timeExport(h);
    cliRatios.push(ms[DOCKER_HOST]! / ms[`tcp://${host}:${port}`]!);
  }
  await stop(cliProxy.child);
}
// ---- 4. --audit --validate against the same proxy without them (issue 13) -------------------
// Three proxies, none recording: `plain`, its twin `control` (the same command: how far two
// identical proxies differ on this machine, the noise floor of the comparison) and `audited`
// (--audit to a file on the same disk, and --validate). Exports rotate through them, each round
// in a different order; then small requests in rotating blocks. The export body is tar (not
// checked, one audit line); containers/json is JSON of a known operation: held, checked and
// logged each time.
type AuditVariant = 'plain' | 'control' | 'audited';
const AUDIT_VARIANTS: AuditVariant[] = ['plain', 'control', 'audited'];
const auditMibps: Record<AuditVariant, number[]> = { plain: [], control: [], audited: [] };
const auditCpu: Record<AuditVariant, number[]> = { plain: [], control: [], audited: [] };
const auditLat: Record<AuditVariant, number[]> = { plain: [], control: [], audited: [] };
const rotate = <T>(xs: T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]!);
let auditLines = 0;
if (PARTS.has('audit')) {
  const auditFile = path.join(work, 'audit.jsonl');
  const proxies = {
    plain: await startProxy(undefined),
    control: await startProxy(undefined),
    audited: await startProxy(undefined, '127.0.0.1:0', ['--audit', auditFile, '--validate']),
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of rotate(AUDIT_VARIANTS, round)) {
      const cpu0 = await proxies[which].cpuSeconds();
      const t0 = performance.now();
      const bytes = await drain(proxies[which].endpoint, exportPath);
      auditMibps[which].push(bytes / 1048576 / ((performance.now() - t0) / 1000));
      auditCpu[which].push((await proxies[which].cpuSeconds()) - cpu0);
    }
  }
  execFileSync('sync');
  const agents = Object.fromEntries(AUDIT_VARIANTS.map((v) => [v, new http.Agent({ keepAlive: true, maxSockets: 1 })])) as Record<AuditVariant, http.Agent>;
  for (let i = 0; i < 50; i++) for (const which of AUDIT_VARIANTS) await drain(proxies[which].endpoint, '/v1.40/containers/json', agents[which]);
  for (let done = 0, block = 0; done < SMALL; done += BLOCK, block++) {
    for (const which of rotate(AUDIT_VARIANTS, block)) {
      for (let i = 0; i < BLOCK; i++) {
        const t0 = performance.now();
        await drain(proxies[which].endpoint, '/v1.40/containers/json', agents[which]);
        auditLat[which].push(performance.now() - t0);
      }
    }
  }
  for (const which of AUDIT_VARIANTS) {
    agents[which].destroy();
    await stop(proxies[which].child);
  }
  auditLines = (await readFile(auditFile, 'utf8')).split('\n').filter(Boolean).length;
}
if (needsExport) docker('rm', '-f', name);

// ---- 2. small request latency ----------------------------------------------------------------
// docktape --record against direct only; small-requests.ts (`npm run bench:small`) measures the
// same request side by side with socat, HAProxy and bare Node relays (issue 16).
const lat: Record<'direct' | 'proxy', number[]> = { direct: [], proxy: [] };
if (PARTS.has('small')) {
  // The export parts leave GiBs of recordings in the page cache (--buffered-io above all) that
  // the kernel writes back over the next seconds: flush them first, so that disk traffic does
  // not land in a sub-millisecond latency measurement (full runs without this: 1.0-1.3 ms;
  // the same part run alone right after: 0.75-0.89 ms).
  execFileSync('sync');
  const smallProxy = await startProxy(path.join(work, 'small-rec'));
  const directAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const proxyAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 50; i++) await drain(direct, '/v1.40/containers/json', directAgent), await drain(smallProxy.endpoint, '/v1.40/containers/json', proxyAgent);
  for (let done = 0, block = 0; done < SMALL; done += BLOCK, block++) {
    const order = block % 2 === 0 ? (['direct', 'proxy'] as const) : (['proxy', 'direct'] as const);
    for (const which of order) {
      for (let i = 0; i < BLOCK; i++) {
        const t0 = performance.now();
        await drain(which === 'direct' ? direct : smallProxy.endpoint, '/v1.40/containers/json', which === 'direct' ? directAgent : proxyAgent);
        lat[which].push(performance.now() - t0);
      }
    }
  }
  directAgent.destroy();
  proxyAgent.destroy();
  await stop(smallProxy.child);
}

// ---- 3. concurrency --------------------------------------------------------------------------
// Checks that every exchange is recorded; small-requests.ts times 100 x 50 against HAProxy.
let errors = 0;
let concSeconds = 0;
let concExit: number | null = null;
let marks = new Set<string>();
if (PARTS.has('concurrency')) {
  const concProxy = await startProxy(path.join(work, 'conc-rec'));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < REQUESTS; i++) {
        await drain(concProxy.endpoint, `/v1.40/containers/json?limit=1&bench=${c}-${i}`, agent).catch(() => errors++);
      }
      agent.destroy();
    }),
  );
  concSeconds = (performance.now() - t0) / 1000;
  concExit = await stop(concProxy.child);
  const [concRec] = await readRecordings(path.join(work, 'conc-rec'));
  marks = new Set(
    concRec!.entries.map((e) => new URL(e.request.url).searchParams.get('bench')).filter((m): m is string => m !== null),
  );
}
await rm(work, { recursive: true, force: true });

// ---- report ----------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
const dockerVersion = docker('version', '--format', '{{.Server.Version}}');
log(`## tools/bench/proxy.ts run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
log();
log(`Command: \`DOCKER_HOST=${DOCKER_HOST} npx tsx tools/bench/proxy.ts ${process.argv.slice(2).join(' ')}\`  `);
log(`Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Docker ${dockerVersion}  `);
log(`Date: ${new Date().toISOString()}`);
log();
if (PARTS.has('export')) {
  log(`### Export of a ${MIB} MiB container filesystem (recording to disk), ${ROUNDS} alternating rounds`);
  log();
  log('Proxy listening on loopback TCP (what DOCKER_HOST=tcp://... clients use) and on a unix socket (same transport as the direct runs); the proxy always reaches the daemon over its unix socket.');
  log();
  log('| proxy listens on | round | order | direct MiB/s | proxy MiB/s | ratio | proxy CPU s |');
  log('|---|---|---|---|---|---|---|');
  for (const r of exportResults) for (const row of r.rows) log(row);
  log();
  for (const r of exportResults) {
    log(
      `- ${r.transport}: median ratio proxy/direct **${median(r.ratios).toFixed(3)}** (target >= 0.90); proxy peak RSS (VmHWM) **${r.peak.toFixed(1)} MiB** (target < 150 MiB); exports recorded as sidecars ${r.recorded}/${ROUNDS}.`,
    );
  }
  log();
}
if (PARTS.has('relays')) {
  log(`### The same export through other relays, same run (${ROUNDS} alternating rounds, each paired with a direct export)`);
  log();
  log('What relays without HTTP handling, with and without the work recording adds, reach on this machine, next to the proxy with and without recording. Relay CPU: user + system seconds per export, all threads (and reaped children).');
  log();
  log('| relay (listening on loopback TCP) | median ratio to direct | rounds | relay CPU s (median) |');
  log('|---|---|---|---|');
  for (const [label, ratios] of relayRatios) {
    log(`| ${label} | **${median(ratios).toFixed(3)}** | ${ratios.map((r) => r.toFixed(2)).join(' ')} | ${median(relayCpu.get(label) ?? [NaN]).toFixed(2)} |`);
  }
  log();
}
if (PARTS.has('cli')) {
  log(`### The same export with the docker CLI as the client (\`docker export\`, ${ROUNDS} alternating rounds)`);
  log();
  log(
    `Direct (DOCKER_HOST=${DOCKER_HOST}) vs through \`docktape proxy --record\` on loopback TCP; ratio of throughputs (direct time / proxied time): median **${median(cliRatios).toFixed(3)}** (${cliRatios.map((r) => r.toFixed(2)).join(' ')}).`,
  );
  log();
}
if (PARTS.has('small')) {
  const p50d = percentile(lat.direct, 50);
  const p50p = percentile(lat.proxy, 50);
  log(`### Small requests: GET /v1.40/containers/json, keep-alive, ${SMALL} per side in alternating blocks of ${BLOCK}`);
  log();
  log('| | p50 ms | p90 ms | p99 ms |');
  log('|---|---|---|---|');
  for (const which of ['direct', 'proxy'] as const) {
    log(`| ${which} | ${percentile(lat[which], 50).toFixed(3)} | ${percentile(lat[which], 90).toFixed(3)} | ${percentile(lat[which], 99).toFixed(3)} |`);
  }
  log();
  log(`p50 added latency: **${(p50p - p50d).toFixed(3)} ms** (target < 1 ms).`);
  log();
}
if (PARTS.has('concurrency')) {
  log(`### Concurrency: ${CLIENTS} clients x ${REQUESTS} requests at once`);
  log();
  log(
    `Errors: **${errors}**; exchanges in the recording: **${marks.size}/${CLIENTS * REQUESTS}**; wall time ${concSeconds.toFixed(2)} s; proxy exit code after SIGTERM: ${concExit}.`,
  );
}
if (PARTS.has('audit')) {
  const p50 = (which: AuditVariant) => percentile(auditLat[which], 50);
  const ratios = (which: AuditVariant) => auditMibps[which].map((v, i) => v / auditMibps.plain[i]!);
  log(`### --audit --validate (no --record) vs the same proxy without them, same run`);
  log();
  log(
    `Three proxies side by side, none recording: \`plain\`, \`control\` (the same command again: how far two identical proxies differ here, the noise floor) and \`audited\` (\`--audit FILE --validate\`). Load average at the end of the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores (the machine is shared).`,
  );
  log();
  log(`Export of ${MIB} MiB, ${ROUNDS} rounds, the order rotating each round (MiB/s, and the proxy's CPU seconds for the export):`);
  log();
  log('| round | plain | control | audited | control/plain | audited/plain | CPU s plain / control / audited |');
  log('|---|---|---|---|---|---|---|');
  for (let i = 0; i < auditMibps.plain.length; i++) {
    const [p, c, a] = AUDIT_VARIANTS.map((v) => auditMibps[v][i]!);
    log(`| ${i + 1} | ${p!.toFixed(0)} | ${c!.toFixed(0)} | ${a!.toFixed(0)} | ${(c! / p!).toFixed(3)} | ${(a! / p!).toFixed(3)} | ${AUDIT_VARIANTS.map((v) => auditCpu[v][i]!.toFixed(2)).join(' / ')} |`);
  }
  log();
  log(
    `Median ratio audited/plain: **${median(ratios('audited')).toFixed(3)}** (target >= 0.95); control/plain (same proxy twice): ${median(ratios('control')).toFixed(3)}. Median CPU per export: ${AUDIT_VARIANTS.map((v) => `${v} ${median(auditCpu[v]).toFixed(2)} s`).join(', ')}.`,
  );
  log();
  log(`Small requests (GET /v1.40/containers/json, keep-alive, ${SMALL} per proxy in rotating blocks of ${BLOCK}; every answer of \`audited\` held, checked against its schema and logged):`);
  log();
  log('| | p50 ms | p90 ms | p99 ms |');
  log('|---|---|---|---|');
  for (const which of AUDIT_VARIANTS) log(`| ${which} | ${p50(which).toFixed(3)} | ${percentile(auditLat[which], 90).toFixed(3)} | ${percentile(auditLat[which], 99).toFixed(3)} |`);
  log();
  log(
    `p50 added by --audit --validate: **${(p50('audited') - p50('plain')).toFixed(3)} ms** (target: within 0.1 ms); control - plain: ${(p50('control') - p50('plain')).toFixed(3)} ms. Audit lines written: ${auditLines}.`,
  );
  log();
}
// appended, as a section of its own: the file also holds earlier runs and the notes written by hand
await appendFile(OUT, '\n' + lines.join('\n') + '\n');
console.log(`\nappended to ${path.relative(ROOT, OUT)}`);
