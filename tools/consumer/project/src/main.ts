import { createDockerClient } from '@docktape/client';
import { helloDocker } from './hello-docker.js';

const docker = createDockerClient(); // DOCKER_HOST, else unix:///var/run/docker.sock
try {
  process.stdout.write(`busybox said: ${await helloDocker(docker)}`);
} finally {
  await docker.close();
}
