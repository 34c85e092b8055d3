/** Stats against a real daemon: a stream of typed samples a second apart, and a one-shot sample. */
import { expect, it } from 'vitest';
import { cpuPercent, memoryUse, type ContainerStats } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';

describeLive('streams: stats (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'streams-stats');
  const { containers } = tc.client;

  it('streaming yields samples with increasing read times until aborted', async () => {
    // Busy, so the CPU figure has something to show.
    const id = await tc.create({ Cmd: ['sh', '-c', 'while true; do :; done'] });
    await containers.start(id);
    const abort = new AbortController();
    const samples: ContainerStats[] = [];
    for await (const s of containers.stats(id, { signal: abort.signal })) {
      samples.push(s);
      if (samples.length === 3) abort.abort();
    }
    expect(samples).toHaveLength(3);
    const reads = samples.map((s) => Date.parse(s.read));
    expect(reads[1]!).toBeGreaterThan(reads[0]!);
    expect(reads[2]!).toBeGreaterThan(reads[1]!);
    // From the second sample on, precpu is the previous sample: a busy loop uses CPU.
    expect(cpuPercent(samples[2]!)).toBeGreaterThan(1);
    const mem = memoryUse(samples[2]!);
    expect(mem?.used).toBeGreaterThan(0);
    expect(mem?.cgroup).not.toBe('unknown');
    expect(samples[2]!.id).toBe(id);
  });

  it('stream: false returns one typed sample', async () => {
    const id = await tc.create();
    await containers.start(id);
    const s = await containers.stats(id, { stream: false });
    expect(s.id).toBe(id);
    expect(Number.isNaN(Date.parse(s.read))).toBe(false);
    expect(s.memory_stats.usage).toBeGreaterThan(0);
    expect(s.pids_stats?.current).toBeGreaterThanOrEqual(1);
  });
});
