/**
 * What a benchmark result needs to be read later: the machine and the versions of what ran.
 * Wiring (reads /proc, runs `nproc`, asks the daemon).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { Machine } from './small-report.js';

/** First line of a command's output (stdout or stderr: haproxy -v and socat -V differ), or 'not installed'. */
function firstLine(cmd: string, args: string[], pick: RegExp): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return `${cmd} not installed`;
  const line = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => pick.test(l));
  return line?.trim() ?? `${cmd} (version unknown)`;
}

function dockerVersion(socketPath: string): Promise<string> {
  return new Promise((resolve) => {
    http
      .get({ socketPath, path: '/version' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve((JSON.parse(body) as { Version?: string }).Version ?? 'unknown'));
      })
      .on('error', (err) => resolve(`unknown (${err.message})`));
  });
}

export async function machineInfo(socketPath: string): Promise<Machine> {
  // the model name os.cpus() gives can be shortened ("AMD EPYC"); /proc/cpuinfo has the full one
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()) || os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    docker: await dockerVersion(socketPath),
    haproxy: firstLine('haproxy', ['-v'], /version/i).replace(/ - https?:\S+.*$/, ''),
    socat: firstLine('socat', ['-V'], /socat version/i).replace(/^socat by .*$/, 'socat'),
  };
}
