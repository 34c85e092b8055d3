/**
 * The client side of the small-request benchmark: timed GETs over one keep-alive connection, and
 * many clients at once. Runs in the benchmark's own process, alike for every contender.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Endpoint } from './small-start.js';

/** One keep-alive connection (maxSockets 1): the requests of a contender reuse it. */
export const oneConnection = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GETs `path` and resolves with the body's size once it has all arrived; rejects unless 200. */
export function get(endpoint: Endpoint, path: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ ...endpoint, path, agent }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export interface TimedRun {
  /** Milliseconds from sending each request to the last byte of its answer (successful ones). */
  ms: number[];
  errors: number;
  /** Body sizes seen (the daemon's answer changes as other sessions add containers). */
  minBytes: number;
  maxBytes: number;
}

export const emptyRun = (): TimedRun => ({ ms: [], errors: 0, minBytes: Infinity, maxBytes: 0 });

/** `count` requests one after another on `agent`, added to `run`. */
export async function timedRequests(endpoint: Endpoint, path: string, agent: http.Agent, count: number, run: TimedRun): Promise<void> {
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    try {
      const bytes = await get(endpoint, path, agent);
      run.ms.push(performance.now() - t0);
      run.minBytes = Math.min(run.minBytes, bytes);
      run.maxBytes = Math.max(run.maxBytes, bytes);
    } catch {
      run.errors++;
    }
  }
}

/**
 * `clients` clients at once, each with its own keep-alive connection, each sending `perClient`
 * requests one after another: the wall time until the last answer, and the failed requests.
 */
export async function concurrentRun(endpoint: Endpoint, path: string, clients: number, perClient: number): Promise<{ seconds: number; errors: number }> {
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const agent = oneConnection();
      for (let i = 0; i < perClient; i++) await get(endpoint, path, agent).catch(() => errors++);
      agent.destroy();
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, errors };
}
