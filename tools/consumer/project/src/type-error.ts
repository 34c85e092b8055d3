// Compiled on its own by tools/consumer/run.sh, which expects tsc to fail on exactly the lines
// marked "type error": the installed types must reject these calls.
import { createDockerClient } from '@docktape/client';

const docker = createDockerClient();
await docker.containers.create({ Image: 'busybox', Cmd: 'echo hi' }); // type error: Cmd is a string[]
await docker.containers.create({ Imag: 'busybox' }); // type error: no such field
await docker.api.GET('/containers/jsn'); // type error: no such path
await docker.api.GET('/containers/{id}/json'); // type error: the id path parameter is missing
const { data } = await docker.api.GET('/containers/json');
const name: number | undefined = data?.[0]?.Names?.[0]; // type error: names are strings
console.log(name);
