import { describe, expect, it } from 'vitest';
import { cpuPercent, memoryUse, type ContainerStats } from './stats.js';

const sample = (over: Partial<ContainerStats>): ContainerStats => ({
  read: '2024-01-01T00:00:01Z',
  preread: '2024-01-01T00:00:00Z',
  cpu_stats: {},
  precpu_stats: {},
  memory_stats: {},
  ...over,
});

describe('cpuPercent', () => {
  const cases: [string, { given: ContainerStats; want: number }][] = [
    [
      'half of one CPU out of 4 online',
      {
        given: sample({
          cpu_stats: { cpu_usage: { total_usage: 1_500 }, system_cpu_usage: 10_000, online_cpus: 4 },
          precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 6_000 },
        }),
        want: 50,
      },
    ],
    [
      'CPU count from percpu_usage when online_cpus is missing (old daemons)',
      {
        given: sample({
          cpu_stats: { cpu_usage: { total_usage: 2_000, percpu_usage: [1, 1] }, system_cpu_usage: 2_000 },
          precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 1_000 },
        }),
        want: 200,
      },
    ],
    ['no previous sample (first of a stream)', { given: sample({ cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 9, online_cpus: 1 } }), want: 0 }],
    [
      'idle container',
      {
        given: sample({
          cpu_stats: { cpu_usage: { total_usage: 7 }, system_cpu_usage: 100, online_cpus: 2 },
          precpu_stats: { cpu_usage: { total_usage: 7 }, system_cpu_usage: 50 },
        }),
        want: 0,
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(cpuPercent(given)).toBeCloseTo(want, 10);
  });
});

describe('memoryUse', () => {
  const cases: [string, { given: ContainerStats['memory_stats']; want: ReturnType<typeof memoryUse> }][] = [
    ['cgroup v1 (docker 20.10): usage - total_inactive_file', { given: { usage: 1000, limit: 4000, stats: { cache: 300, total_inactive_file: 200 } }, want: { used: 800, limit: 4000, percent: 20, cgroup: 'v1' } }],
    ['cgroup v1 (older daemons): usage - cache', { given: { usage: 1000, limit: 2000, stats: { cache: 500 } }, want: { used: 500, limit: 2000, percent: 25, cgroup: 'v1' } }],
    ['cgroup v2: usage - inactive_file', { given: { usage: 1000, limit: 1000, stats: { file: 600, inactive_file: 100 } }, want: { used: 900, limit: 1000, percent: 90, cgroup: 'v2' } }],
    ['cache larger than usage: usage as is', { given: { usage: 100, limit: 1000, stats: { inactive_file: 500 } }, want: { used: 100, limit: 1000, percent: 10, cgroup: 'v2' } }],
    ['no counters', { given: { usage: 10, limit: 0 }, want: { used: 10, limit: 0, percent: 0, cgroup: 'unknown' } }],
    ['stopped container (no figures)', { given: {}, want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(memoryUse(sample({ memory_stats: given }))).toEqual(want);
  });
});
