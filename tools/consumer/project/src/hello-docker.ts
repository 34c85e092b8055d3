import type { DockerClient } from '@docktape/client';

/** Lists the containers, then runs `busybox echo` and returns what it printed. */
export async function helloDocker(docker: DockerClient): Promise<string> {
  // Every operation of the Engine API v1.40, typed from the spec, through openapi-fetch
  const { data: containers, error } = await docker.api.GET('/containers/json', { params: { query: { all: true } } });
  if (error) throw new Error(error.message);
  console.log(`${containers.length} containers`);

  // `docker run --rm`: the create body is typed (Image, Cmd, HostConfig, ...)
  const { stdout, exitCode } = await docker.containers.run({ Image: 'busybox', Cmd: ['echo', 'hello from busybox'] });
  if (exitCode !== 0) throw new Error(`busybox exited with ${exitCode}`);
  return stdout;
}
