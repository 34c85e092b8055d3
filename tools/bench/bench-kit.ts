/**
 * Helpers the benchmarks share (proxy.ts, policy.ts): statistics, a GET that drains a body,
 * `docktape proxy` started as a child (the real CLI) with its CPU time and peak RSS read from
 * /proc. Moved out of proxy.ts unchanged so that every benchmark measures the same way.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = path.join(ROOT, 'node_modules/.bin/docktape');

export type Endpoint = { socketPath: string } | { host: string; port: number };

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
export const docker = (...a: string[]) => execFileSync('docker', a, { env: { ...process.env, DOCKER_API_VERSION: '1.40' }, encoding: 'utf8' }).trim();
/** The list shifted by `by`: each round or block starts with another variant. */
export const rotate = <T>(xs: T[], by: number) => xs.map((_, i) => xs[(i + by) % xs.length]!);

/** GETs a path and counts the body bytes without keeping them. */
export function drain(endpoint: Endpoint, p: string, agent?: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ ...endpoint, path: p, agent: agent ?? false }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${p}: ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export interface BenchProxy {
  child: ChildProcess;
  endpoint: Endpoint;
  peakRssMiB(): Promise<number>;
  cpuSeconds(): Promise<number>;
}

/** `docktape proxy` toward $DOCKER_HOST, recording into `recordDir` when given. */
export async function startProxy(recordDir: string | undefined, listen = '127.0.0.1:0', extraArgs: string[] = []): Promise<BenchProxy> {
  const record = recordDir ? ['--record', recordDir] : [];
  const child = spawn(process.execPath, [BIN, 'proxy', '--target', process.env.DOCKER_HOST!, '--listen', listen, ...record, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const endpoint = await new Promise<Endpoint>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const tcp = /listening on tcp:\/\/([\d.]+):(\d+)/.exec(out);
      if (tcp) resolve({ host: tcp[1]!, port: Number(tcp[2]) });
      const unix = /listening on unix:\/\/(\S+)/.exec(out);
      if (unix) resolve({ socketPath: unix[1]! });
    });
    child.once('exit', (code) => reject(new Error(`proxy exited ${code}`)));
  });
  return {
    child,
    endpoint,
    async peakRssMiB() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    // user + system time of all the proxy's threads (GC helpers and the fs thread pool included):
    // on a machine shared with the daemon and the client, CPU spent is throughput lost
    cpuSeconds: () => processCpuSeconds(child.pid!),
  };
}

/** CPU seconds (user + system) of a process and its reaped children (socat forks one per connection). */
export async function processCpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

export async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}
