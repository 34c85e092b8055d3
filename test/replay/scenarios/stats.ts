/** Stats: one sample with stream=false, and a stream of samples a second apart. */
import { cpuPercent, memoryUse, type ContainerStats } from '@docktape/client';
import type { Scenario } from './scenario.js';

export const stats = {
  name: 'stats',
  async run({ client, image, labels }) {
    const c = client.containers;
    const id = (await c.create({ Image: image, Labels: labels, Cmd: ['sleep', '300'] })).Id;
    await c.start(id);
    const once = await c.stats(id, { stream: false });
    const abort = new AbortController();
    const samples: ContainerStats[] = [];
    for await (const s of c.stats(id, { signal: abort.signal })) {
      samples.push(s);
      if (samples.length === 2) abort.abort();
    }
    await c.remove(id, { force: true });
    return {
      once: { read: once.read, memory: memoryUse(once), hasCpu: once.cpu_stats !== undefined },
      stream: samples.map((s) => ({ read: s.read, cpu: cpuPercent(s), memory: memoryUse(s) })),
    };
  },
} satisfies Scenario;
