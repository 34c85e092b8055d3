/**
 * Containers made by a test file carry a label unique to that file's run, so cleanup (and
 * prune tests) touch only their own containers, even when suites run side by side or fail.
 */
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { createDockerClient, type ContainerCreateBody, type DockerClient } from '@docktape/client';
import type { LiveDaemon } from './live-daemon.js';

export const TEST_LABEL = 'org.docktape.test';

export interface TestContainers {
  client: DockerClient;
  /** Label value unique to this run; every container created here has it. */
  run: string;
  labels: Record<string, string>;
  /** Creates a labelled container from the test image; removed in afterAll whatever happens. */
  create(body?: Partial<ContainerCreateBody>, name?: string): Promise<string>;
  /** A fresh unique name (docker names must be unique per daemon). */
  name(prefix: string): string;
}

export function useTestContainers(daemon: LiveDaemon, suite: string): TestContainers {
  const client = createDockerClient({ host: daemon.host });
  const run = `${suite}-${randomBytes(4).toString('hex')}`;
  const labels = { [TEST_LABEL]: run };

  afterAll(async () => {
    const leftovers = await client.containers.list({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } });
    await Promise.all(leftovers.map((c) => client.containers.remove(c.Id!, { force: true, v: true }).catch(() => undefined)));
    await client.close();
  });

  return {
    client,
    run,
    labels,
    name: (prefix) => `dt-${prefix}-${randomBytes(4).toString('hex')}`,
    async create(body = {}, name) {
      const created = await client.containers.create(
        { Image: daemon.image, Cmd: ['sleep', '300'], ...body, Labels: { ...labels, ...(body.Labels ?? {}) } },
        name ? { name } : {},
      );
      return created.Id;
    },
  };
}
