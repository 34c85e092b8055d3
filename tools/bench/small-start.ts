/**
 * Starting and stopping the contenders of the small-request benchmark (small-requests.ts):
 * socat and HAProxy (installed with apt-get when missing, as root), the two Node relays of this
 * folder and the docktape CLI, each its own process on loopback TCP. Wiring only.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { haproxyConfig } from './haproxy-config.js';
import type { ContenderId } from './small-contenders.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
/** The docktape CLI: bin/docktape.js runs packages/cli/dist/main.js (as tools/bench/proxy.ts does). */
const DOCKTAPE = path.join(ROOT, 'packages/cli/bin/docktape.js');

/**
 * Every process started here, stopped when the benchmark's process exits however it exits (an
 * exception included), so that no relay outlives it holding a port and the daemon's socket.
 */
const spawned = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of spawned) child.kill('SIGTERM');
});
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
function track(child: ChildProcess): ChildProcess {
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  return child;
}

export type Endpoint = { socketPath: string } | { host: string; port: number };

export interface Contender {
  id: ContenderId;
  endpoint: Endpoint;
  /** The process that serves it (none for direct). */
  pid?: number;
  /** Where --record writes, and --audit, for the counts in the report. */
  recordDir?: string;
  auditFile?: string;
  /** SIGTERM, then the exit code (docktape finishes its recording first). */
  stop(): Promise<number | null>;
}

export interface StartContext {
  socketPath: string;
  /** A temporary folder for configs, recordings and audit logs. */
  work: string;
  /** Passes `--cpu-prof --cpu-prof-dir DIR` to the docktape proxies. */
  cpuProfDir?: string;
}

export async function startContender(id: ContenderId, ctx: StartContext): Promise<Contender> {
  switch (id) {
    case 'direct':
      return { id, endpoint: { socketPath: ctx.socketPath }, stop: async () => null };
    case 'socat': {
      ensureInstalled('socat', 'socat');
      const port = await freePort();
      // nodelay as Node's HTTP server and HAProxy have it: no Nagle wait on a split write;
      // backlog as Node's (511): socat's default of 5 drops most of 100 simultaneous connects,
      // which then wait for SYN retransmits (seconds each)
      const child = track(spawn('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,nodelay,backlog=511`, `UNIX-CONNECT:${ctx.socketPath}`], { stdio: 'ignore' }));
      return listeningOn(id, child, port);
    }
    case 'haproxy':
    case 'haproxy-close': {
      const bin = ensureInstalled('haproxy', 'haproxy');
      const port = await freePort();
      const config = path.join(ctx.work, `${id}.cfg`);
      await writeFile(config, haproxyConfig({ port, socketPath: ctx.socketPath, serverClose: id === 'haproxy-close' }));
      // -db: stay in the foreground, so the pid is HAProxy's own and SIGTERM stops it
      const child = track(spawn(bin, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'inherit'] }));
      return listeningOn(id, child, port);
    }
    case 'node-relay':
    case 'http-proxy': {
      const script = path.join(HERE, id === 'node-relay' ? 'relay-node-minimal.ts' : 'relay-http-proxy.ts');
      const child = track(spawn(process.execPath, ['--import', 'tsx', script, ctx.socketPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }));
      const url = await readyLine(child, /^listening on (tcp:\/\/\S+)$/);
      return { id, endpoint: tcpEndpoint(url), pid: child.pid!, stop: () => stop(child) };
    }
    case 'docktape':
    case 'docktape-record':
    case 'docktape-audit': {
      const recordDir = id === 'docktape' ? undefined : path.join(ctx.work, `${id}-rec`);
      const auditFile = id === 'docktape-audit' ? path.join(ctx.work, `${id}.jsonl`) : undefined;
      const flags = [...(recordDir ? ['--record', recordDir] : []), ...(auditFile ? ['--audit', auditFile, '--validate'] : [])];
      const prof = ctx.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', ctx.cpuProfDir, '--cpu-prof-name', `${id}.cpuprofile`] : [];
      const child = track(spawn(process.execPath, [...prof, DOCKTAPE, 'proxy', '--target', `unix://${ctx.socketPath}`, '--listen', '127.0.0.1:0', ...flags], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }));
      const url = await readyLine(child, /^docktape proxy listening on (tcp:\/\/\S+)$/);
      return { id, endpoint: tcpEndpoint(url), pid: child.pid!, recordDir, auditFile, stop: () => stop(child) };
    }
  }
}

/**
 * The path of `binary`, installed from the Debian package `pkg` first when missing (apt-get,
 * as root: the benchmark compares against the distribution's build, as a user would install it).
 */
function ensureInstalled(binary: string, pkg: string): string {
  const found = () => spawnSync('sh', ['-c', `command -v ${binary} || ls /usr/sbin/${binary}`], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  const existing = found();
  if (existing) return existing;
  if (process.getuid?.() !== 0) throw new Error(`${binary} is not installed (apt-get install ${pkg}, as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // another session may hold the dpkg lock: wait for it rather than fail
  const install = () => execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', pkg], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    install();
  } catch {
    // stale package lists (a mirror moved on): refresh once and retry
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
  const installed = found();
  if (!installed) throw new Error(`apt-get install ${pkg} did not provide ${binary}`);
  return installed;
}

/** Resolves with the first stdout line matching `ready` (its first group); rejects if the process exits first. */
function readyLine(child: ChildProcess, ready: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = ready.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${child.spawnfile} exited with ${code} before it was ready`)));
  });
}

/** For processes without a ready line (socat, HAProxy): ready once the port accepts a connection. */
async function listeningOn(id: ContenderId, child: ChildProcess, port: number): Promise<Contender> {
  let exited: Error | undefined;
  child.once('error', (err) => (exited = err));
  child.once('exit', (code) => (exited ??= new Error(`${id} exited with ${code} before it was ready`)));
  for (;;) {
    if (exited) throw exited;
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { id, endpoint: { host: '127.0.0.1', port }, pid: child.pid!, stop: () => stop(child) };
}

function tcpEndpoint(url: string): Endpoint {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * CPU seconds a process has run, all its threads (the event loop, GC helpers, libuv's pool,
 * HAProxy's threads), from the scheduler's nanosecond counters (/proc/PID/task/TID/schedstat):
 * /proc/PID/stat counts in 10 ms ticks, too coarse for a block of 100 sub-millisecond requests.
 * Threads that have exited are not counted; the contenders' threads live as long as they do.
 */
export async function cpuSeconds(pid: number): Promise<number> {
  let ns = 0;
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0');
    ns += Number(stat.split(' ')[0]);
  }
  return ns / 1e9;
}

/** Peak resident set (VmHWM) in MiB. */
export async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/**
 * The exchanges in the recordings of `dir`, counted without parsing them: a long run records
 * tens of thousands of answers inline, past what one string can hold (readRecordings fails with
 * "Invalid string length" on a 0.5 GiB HAR). Counts the lines that open an entry: the writer
 * puts each entry on a line of its own, starting with its startedDateTime.
 */
export async function countRecordedEntries(dir: string): Promise<number> {
  let n = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.har') && !name.endsWith('.jsonl')) continue;
    const lines = createInterface({ input: createReadStream(path.join(dir, name)), crlfDelay: Infinity });
    for await (const line of lines) if (line.startsWith('{"startedDateTime"')) n++;
  }
  return n;
}

/** Non-empty lines of a file (an audit log: one JSON line per exchange), read as a stream. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line !== '') n++;
  return n;
}
