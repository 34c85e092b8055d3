import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerClient, type DockerClient } from '@docktape/client';
import { startTape, type Tape } from '@docktape/replay/suite';
import { helloDocker } from '../src/hello-docker.js';

// DOCKTAPE_MODE=record | replay (the default: recordings/quick-start served by msw) | live
let tape: Tape;
let docker: DockerClient;
beforeAll(async () => {
  tape = await startTape({ fixtures: 'recordings/quick-start', serve: 'msw' });
  docker = createDockerClient(tape.clientOptions);
});
afterAll(async () => {
  await docker.close();
  await tape.stop(); // replay: fails if a recorded exchange was not asked for
});

it('busybox says hello', async () => {
  expect(await helloDocker(docker)).toBe('hello from busybox\n');
});
