/**
 * What a request policy costs (issue 14, "Done when"): `docktape proxy --policy
 * preset:no-privileged` against the same proxy without it, side by side in one run, with a
 * control: the plain proxy twice (`plain` and `control`, the same command), whose difference is
 * the noise floor of this machine. No proxy records. Three parts, each in rotating blocks (every
 * block or round starts with another variant, so drift hits all three alike):
 *
 * 1. small: GET /v1.40/containers/json over keep-alive; p50 and p99 per variant, and what the
 *    policy adds to plain's (target: p50 < 0.05 ms). The policy decides on the head alone.
 * 2. create: POST /v1.40/containers/create with the body the docker CLI sends (1.6 KiB), naming
 *    an image the daemon does not have: the daemon answers 404 at once, so the time is the
 *    proxy's and the policy's (which must read and decode this body before forwarding it).
 * 3. export: GET /containers/{id}/export of a container holding --mib MiB (default 512) of
 *    random data: throughput ratio to plain and the proxy's CPU seconds per export (target:
 *    nothing measurable; the policy decides on the head, then the body streams).
 *
 * The machine is shared (other work runs on its 2 CPUs): the 1-minute load average is written
 * down before and after each part, next to its figures.
 *
 *   DOCKER_HOST=unix:///path/docker.sock npx tsx tools/bench/policy.ts [--rounds 7] [--mib 512]
 *        [--small 2000] [--creates 1000] [--out tools/bench/RESULTS-policy.md]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { docker, drain, median, percentile, ROOT, rotate, startProxy, stop, type BenchProxy, type Endpoint } from './bench-kit.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const ROUNDS = Number(args.get('rounds') ?? 7);
const MIB = Number(args.get('mib') ?? 512);
const SMALL = Number(args.get('small') ?? 2000);
const CREATES = Number(args.get('creates') ?? 1000);
const OUT = path.resolve(ROOT, args.get('out') ?? 'tools/bench/RESULTS-policy.md');
const DOCKER_HOST = process.env.DOCKER_HOST;
if (!DOCKER_HOST?.startsWith('unix://')) throw new Error('set DOCKER_HOST=unix:///path/to/docker.sock');
const IMAGE = process.env.DOCKTAPE_TEST_IMAGE ?? 'busybox:latest';
const POLICY = 'preset:no-privileged';
/** Requests are timed in rotating blocks of this many. */
const BLOCK = 100;

type Variant = 'plain' | 'control' | 'policy';
const VARIANTS: Variant[] = ['plain', 'control', 'policy'];
const perVariant = <T>(make: () => T): Record<Variant, T> => ({ plain: make(), control: make(), policy: make() });

/** What `docker create -e A=b busybox true` sends, with an image no one has. */
const CREATE_BODY = JSON.stringify({
  Hostname: '',
  Domainname: '',
  User: '',
  AttachStdin: false,
  AttachStdout: true,
  AttachStderr: true,
  Tty: false,
  OpenStdin: false,
  StdinOnce: false,
  Env: ['A=b'],
  Cmd: ['true'],
  Image: 'docktape-bench-no-such-image:never',
  Volumes: {},
  WorkingDir: '',
  Entrypoint: null,
  OnBuild: null,
  Labels: { 'org.docktape.bench': '1' },
  HostConfig: {
    Binds: null,
    ContainerIDFile: '',
    LogConfig: { Type: '', Config: {} },
    NetworkMode: 'default',
    PortBindings: {},
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    AutoRemove: false,
    VolumeDriver: '',
    VolumesFrom: null,
    CapAdd: null,
    CapDrop: null,
    CgroupnsMode: '',
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: null,
    IpcMode: '',
    Cgroup: '',
    Links: null,
    OomScoreAdj: 0,
    PidMode: '',
    Privileged: false,
    PublishAllPorts: false,
    ReadonlyRootfs: false,
    SecurityOpt: null,
    UTSMode: '',
    UsernsMode: '',
    ShmSize: 0,
    ConsoleSize: [0, 0],
    Isolation: '',
    CpuShares: 0,
    Memory: 0,
    NanoCpus: 0,
    CgroupParent: '',
    BlkioWeight: 0,
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: null,
    BlkioDeviceWriteBps: null,
    BlkioDeviceReadIOps: null,
    BlkioDeviceWriteIOps: null,
    CpuPeriod: 0,
    CpuQuota: 0,
    CpuRealtimePeriod: 0,
    CpuRealtimeRuntime: 0,
    CpusetCpus: '',
    CpusetMems: '',
    Devices: [],
    DeviceCgroupRules: null,
    DeviceRequests: null,
    KernelMemory: 0,
    KernelMemoryTCP: 0,
    MemoryReservation: 0,
    MemorySwap: 0,
    MemorySwappiness: -1,
    OomKillDisable: false,
    PidsLimit: 0,
    Ulimits: null,
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: null,
    ReadonlyPaths: null,
  },
  NetworkingConfig: { EndpointsConfig: {} },
});

/** POSTs the create body; resolves with the status (404 expected: the image is missing). */
function postCreate(endpoint: Endpoint, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { ...endpoint, method: 'POST', path: '/v1.40/containers/create', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(CREATE_BODY) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(CREATE_BODY);
  });
}

const load = () => os.loadavg()[0]!.toFixed(2);
const lines: string[] = [];
const log = (line = '') => {
  console.log(line);
  lines.push(line);
};

const work = await mkdtemp(path.join(os.tmpdir(), 'docktape-bench-policy-'));
const name = `docktape-bench-policy-export-${process.pid}`;
const exportPath = `/v1.40/containers/${name}/export`;
docker('run', '--name', name, '--label', 'org.docktape.bench=1', IMAGE, 'dd', 'if=/dev/urandom', 'of=/big.bin', 'bs=1048576', `count=${MIB}`);
const proxies: Record<Variant, BenchProxy> = {
  plain: await startProxy(undefined),
  control: await startProxy(undefined),
  policy: await startProxy(undefined, '127.0.0.1:0', ['--policy', POLICY]),
};
const agents = perVariant(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
const loads: Record<string, [string, string]> = {};

/** Times `one` in rotating blocks of BLOCK per variant, `total` per variant, after a warm-up. */
async function timeBlocks(total: number, one: (which: Variant) => Promise<void>): Promise<Record<Variant, number[]>> {
  const ms = perVariant<number[]>(() => []);
  for (let i = 0; i < 50; i++) for (const which of VARIANTS) await one(which);
  for (let done = 0, block = 0; done < total; done += BLOCK, block++) {
    for (const which of rotate(VARIANTS, block)) {
      for (let i = 0; i < BLOCK; i++) {
        const t0 = performance.now();
        await one(which);
        ms[which].push(performance.now() - t0);
      }
    }
  }
  return ms;
}

// ---- 1. small requests -----------------------------------------------------------------------
let before = load();
const small = await timeBlocks(SMALL, async (which) => void (await drain(proxies[which].endpoint, '/v1.40/containers/json', agents[which])));
loads.small = [before, load()];

// ---- 2. a create body the policy reads -------------------------------------------------------
const statuses = new Set<number>();
before = load();
const creates = await timeBlocks(CREATES, async (which) => void statuses.add(await postCreate(proxies[which].endpoint, agents[which])));
loads.create = [before, load()];
for (const agent of Object.values(agents)) agent.destroy();

// ---- 3. export -------------------------------------------------------------------------------
await drain(proxies.plain.endpoint, exportPath); // the page cache warm for all
const mibps = perVariant<number[]>(() => []);
const cpu = perVariant<number[]>(() => []);
before = load();
for (let round = 0; round < ROUNDS; round++) {
  for (const which of rotate(VARIANTS, round)) {
    const cpu0 = await proxies[which].cpuSeconds();
    const t0 = performance.now();
    const bytes = await drain(proxies[which].endpoint, exportPath);
    mibps[which].push(bytes / 1048576 / ((performance.now() - t0) / 1000));
    cpu[which].push((await proxies[which].cpuSeconds()) - cpu0);
  }
}
loads.export = [before, load()];
for (const which of VARIANTS) await stop(proxies[which].child);
docker('rm', '-f', name);
await rm(work, { recursive: true, force: true });

// ---- report ----------------------------------------------------------------------------------
const f3 = (n: number) => n.toFixed(3);
const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(3)}`;
const cpuModel = os.cpus()[0]?.model ?? 'unknown cpu';
const dockerVersion = docker('version', '--format', '{{.Server.Version}}');
const p = (xs: number[], q: number) => (q === 50 ? median(xs) : percentile(xs, q));
const latencyTable = (ms: Record<Variant, number[]>) => {
  log('| | p50 ms | p90 ms | p99 ms | p50 added to plain | p99 added to plain |');
  log('|---|---|---|---|---|---|');
  for (const which of VARIANTS) {
    const added = (q: number) => (which === 'plain' ? '' : signed(p(ms[which], q) - p(ms.plain, q)));
    log(`| ${which === 'policy' ? `policy (${POLICY})` : which} | ${f3(p(ms[which], 50))} | ${f3(p(ms[which], 90))} | ${f3(p(ms[which], 99))} | ${added(50)} | ${added(99)} |`);
  }
};

log('# docktape proxy --policy benchmark');
log();
log(`Command: \`DOCKER_HOST=${DOCKER_HOST} npx tsx tools/bench/policy.ts${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\`  `);
log(`Machine: ${os.cpus().length} x ${cpuModel}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, Node ${process.version}, Docker ${dockerVersion}  `);
log(`Date: ${new Date().toISOString()}`);
log();
log(`Three proxies in one run, none recording: \`plain\` (\`docktape proxy\`), \`control\` (the same command again: the difference between the two is this machine's noise floor) and \`policy\` (\`docktape proxy --policy ${POLICY}\`). Every part rotates through them in blocks, each block starting with another one. The machine is shared with other work (2 CPUs): the 1-minute load average before and after each part is given with it.`);
log();
log(`## Small requests: GET /v1.40/containers/json, keep-alive, ${SMALL} per proxy in rotating blocks of ${BLOCK}`);
log();
log(`Load average: ${loads.small![0]} before, ${loads.small![1]} after. The policy decides on the head (method and path) alone.`);
log();
latencyTable(small);
log();
log(`## A create body the policy reads: POST /v1.40/containers/create (${Buffer.byteLength(CREATE_BODY)} bytes, the docker CLI's fields), ${CREATES} per proxy in rotating blocks of ${BLOCK}`);
log();
log(`The image named does not exist: the daemon answers ${[...statuses].join(', ')} at once, so the time is the proxies' own. The policy reads the whole body before a byte goes to the daemon, decodes it as Go would (case-insensitive keys, last duplicate wins) and checks privileged, host namespaces, capabilities, devices, security options, binds and mounts, volumes-from. Load average: ${loads.create![0]} before, ${loads.create![1]} after.`);
log();
latencyTable(creates);
log();
log(`## Export of a ${MIB} MiB container filesystem, ${ROUNDS} rotating rounds`);
log();
log(`Load average: ${loads.export![0]} before, ${loads.export![1]} after.`);
log();
log('| | MiB/s per round | median MiB/s | ratio to plain (median) | proxy CPU s per export (median) |');
log('|---|---|---|---|---|');
for (const which of VARIANTS) {
  log(`| ${which === 'policy' ? `policy (${POLICY})` : which} | ${mibps[which].map((m) => m.toFixed(0)).join(' ')} | ${median(mibps[which]).toFixed(0)} | ${f3(median(mibps[which]) / median(mibps.plain))} | ${median(cpu[which]).toFixed(2)} |`);
}
log();
log('## Against the targets');
log();
const smallAdded = p(small.policy, 50) - p(small.plain, 50);
const smallNoise = Math.abs(p(small.control, 50) - p(small.plain, 50));
const createAdded = p(creates.policy, 50) - p(creates.plain, 50);
const createNoise = Math.abs(p(creates.control, 50) - p(creates.plain, 50));
const exportRatio = median(mibps.policy) / median(mibps.plain);
const controlRatio = median(mibps.control) / median(mibps.plain);
log(`- Small request, p50 added by the policy: **${signed(smallAdded)} ms** (target < 0.05 ms); the control's difference from plain, the noise floor: ${f3(smallNoise)} ms. p99 added: ${signed(p(small.policy, 99) - p(small.plain, 99))} ms (control: ${signed(p(small.control, 99) - p(small.plain, 99))} ms).`);
log(`- Create body read and decided, p50 added by the policy: **${signed(createAdded)} ms** (no target; the policy must read this body); noise floor ${f3(createNoise)} ms.`);
log(`- ${MIB} MiB export: policy/plain throughput **${f3(exportRatio)}**, control/plain ${f3(controlRatio)}; proxy CPU s per export: plain ${median(cpu.plain).toFixed(2)}, control ${median(cpu.control).toFixed(2)}, policy ${median(cpu.policy).toFixed(2)} (target: nothing measurable beyond the control's spread).`);
await writeFile(OUT, `${lines.join('\n')}\n`);
console.log(`\nwritten to ${path.relative(ROOT, OUT)}`);
