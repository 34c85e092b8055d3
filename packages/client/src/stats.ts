/**
 * `docker stats`: one typed sample (`stream: false`) or an endless stream of them, plus the
 * figures the docker CLI derives from them. The response has no schema in the v1.40 spec; the
 * type comes from our errata overlay (`ContainerStatsResponse`).
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerStats
 */
import { DockerStreamError } from './errors.js';
import { daemonJsonValues } from './json-lines.js';
import type { Schemas } from './op-types.js';
import { bodyChunks, type RawRequester } from './raw-request.js';

export type ContainerStats = Schemas['ContainerStatsResponse'];

const OPERATION = 'ContainerStats';

export interface StatsOptions {
  /** Aborting ends a stream (without an error) and closes the connection. */
  signal?: AbortSignal;
}

export async function containerStatsOnce(request: RawRequester, containerId: string, options: StatsOptions = {}): Promise<ContainerStats> {
  const res = await request({
    method: 'GET',
    path: `/containers/${encodeURIComponent(containerId)}/stats`,
    query: { stream: false },
    signal: options.signal,
    operationId: 'ContainerStats',
  });
  for await (const sample of daemonJsonValues<ContainerStats>(bodyChunks(res.body, undefined), OPERATION)) return sample;
  throw new DockerStreamError('ended-early', `[GET] /containers/${containerId}/stats (ContainerStats): the daemon answered 200 with no stats object`);
}

/** One sample a second (the daemon's pace) until the container is removed or the signal aborts. */
export async function* containerStatsStream(request: RawRequester, containerId: string, options: StatsOptions = {}): AsyncGenerator<ContainerStats, void, undefined> {
  const { signal } = options;
  try {
    const res = await request({
      method: 'GET',
      path: `/containers/${encodeURIComponent(containerId)}/stats`,
      query: { stream: true },
      signal,
      operationId: 'ContainerStats',
    });
    yield* daemonJsonValues<ContainerStats>(bodyChunks(res.body, signal), OPERATION);
  } catch (err) {
    if (signal?.aborted) return;
    throw err;
  }
}

/**
 * CPU use in percent of one CPU (200 = two CPUs busy), as `docker stats` shows it: the
 * container's CPU time over the system's between this sample and the previous one, times the
 * number of CPUs. 0 when there is no previous sample (the first of a stream, or `stream: false`
 * on a container that just started).
 */
export function cpuPercent(s: ContainerStats): number {
  const cpu = s.cpu_stats;
  const pre = s.precpu_stats;
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 0;
  if (cpuDelta <= 0 || systemDelta <= 0 || cpus === 0 || !pre.system_cpu_usage) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

export interface MemoryUse {
  /** Bytes in use, without the page cache the kernel can drop (what `docker stats` shows). */
  used: number;
  /** The limit (the host's memory when the container has none). */
  limit: number;
  /** `used` in percent of `limit`. */
  percent: number;
  /** Which cgroup version the counters look like. */
  cgroup: 'v1' | 'v2' | 'unknown';
}

/**
 * Memory use as `docker stats` computes it. cgroup v1 and v2 name the counters differently:
 * v1 has `total_inactive_file` (docker >= 20.10) or, on older daemons, only `cache`; v2 has
 * `inactive_file`. Returns undefined when the sample has no memory figures (a stopped container).
 */
export function memoryUse(s: ContainerStats): MemoryUse | undefined {
  const m = s.memory_stats;
  if (m.usage === undefined) return undefined;
  const stats = m.stats ?? {};
  let cgroup: MemoryUse['cgroup'] = 'unknown';
  let cache = 0;
  if ('total_inactive_file' in stats || 'cache' in stats) {
    cgroup = 'v1';
    cache = stats.total_inactive_file ?? stats.cache ?? 0;
  } else if ('inactive_file' in stats) {
    cgroup = 'v2';
    cache = stats.inactive_file ?? 0;
  }
  const used = cache < m.usage ? m.usage - cache : m.usage;
  const limit = m.limit ?? 0;
  return { used, limit, percent: limit > 0 ? (used / limit) * 100 : 0, cgroup };
}
