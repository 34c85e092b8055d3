/**
 * Runs the real `docktape` CLI (the bin npm links into node_modules/.bin) as a child process,
 * the way a user does, and the real docker CLI against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DOCKTAPE_BIN = path.join(REPO_ROOT, 'node_modules/.bin/docktape');
/** The 20.10 CLI from the docker.io package (speaks API 1.40 when asked). */
export const DOCKER_CLI = process.env.DOCKTAPE_DOCKER_CLI ?? '/usr/bin/docker';

export interface ProxyProcess {
  child: ChildProcess;
  /** The address from the ready line (tcp://127.0.0.1:PORT or unix:///path). */
  url: string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const READY = /^docktape proxy listening on (\S+)$/m;

export async function startProxyProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProxyProcess> {
  const child = spawn(process.execPath, [DOCKTAPE_BIN, 'proxy', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy not ready after 60 s; stderr: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = READY.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
  return {
    child,
    url,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}

/** Runs a command to completion; resolves with its exit code and both outputs. */
export async function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (child.stdout.readable) await once(child.stdout, 'close').catch(() => undefined);
  return { code, stdout: Buffer.concat(out), stderr };
}

/**
 * Where the docker CLI connects: a DOCKER_HOST address, or one with the environment it also
 * needs (DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for a server that wants a client certificate).
 */
export type DockerCliHost = string | { url: string; env: NodeJS.ProcessEnv };

/** The docker CLI against a given daemon address, at API v1.40. */
export function docker(host: DockerCliHost, args: string[], options: { input?: string | Buffer; timeoutMs?: number } = {}) {
  const { url, env } = typeof host === 'string' ? { url: host, env: {} } : host;
  return run(DOCKER_CLI, args, { ...options, env: { ...process.env, ...env, DOCKER_HOST: url, DOCKER_API_VERSION: '1.40' } });
}
