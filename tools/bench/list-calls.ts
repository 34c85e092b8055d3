/**
 * Benchmark: small sequential calls (GET /containers/json?all=1) over the unix socket,
 * docktape's client against dockerode on the same daemon, alternating rounds.
 *
 *   DOCKER_HOST=unix:///tmp/docktape-dockerd/docker.sock npx tsx tools/bench/list-calls.ts [--calls 500] [--rounds 11] [--warmup 3000]
 *
 * Reports the median time per call of each client, the median of per-round ratios
 * (docktape / dockerode; <= 1.0 means docktape is at least as fast), and a burst of 50
 * concurrent calls. Side by side, the client's two request paths for the same call: the
 * facade's (`containers.list`, json-call.ts straight on the transport) and openapi-fetch's
 * (`client.api.GET`), as wall time and as this process's CPU time per call. Not a test:
 * figures go to tools/bench/RESULTS-client.md by hand.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import Docker from 'dockerode';
import createClient from 'openapi-fetch';
import { Agent, Request as UndiciRequest, fetch as undiciFetch } from 'undici';
import { createDockerClient, resolveDockerHost, type paths } from '@docktape/client';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '500' }, rounds: { type: 'string', default: '11' }, warmup: { type: 'string', default: '3000' } },
});
const calls = Number(values.calls);
const rounds = Number(values.rounds);

const endpoint = resolveDockerHost();
if (endpoint.kind !== 'unix') throw new Error('this benchmark compares over a unix socket; set DOCKER_HOST=unix://...');
const docktape = createDockerClient();
const dockerode = new Docker({ socketPath: endpoint.socketPath, version: 'v1.40' });

// The straightforward design docktape's transport replaces: openapi-fetch over WHATWG fetch
// with an undici Agent on the socket. Shown for scale, not part of the ratio.
const naive = createClient<paths>({
  baseUrl: 'http://docker/v1.40',
  fetch: undiciFetch as unknown as typeof fetch,
  Request: UndiciRequest as unknown as typeof Request,
  requestInitExt: { dispatcher: new Agent({ connect: { socketPath: endpoint.socketPath } }) },
});

type Call = () => Promise<unknown>;
const subjects: Record<string, Call> = {
  docktape: () => docktape.containers.list({ all: true }),
  dockerode: () => dockerode.listContainers({ all: true }),
  // the raw openapi-fetch client over the same transport (what `client.api` users get)
  'docktape api': () => docktape.api.GET('/containers/json', { params: { query: { all: true } } }),
  'openapi-fetch+fetch': () => naive.GET('/containers/json', { params: { query: { all: true } } }),
};

/** Wall ms per call, and this process's CPU us per call (user+sys: what the client itself costs, less moved by other load on the machine than wall time). */
async function sequential(call: Call, n: number): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / n };
}

async function concurrent(call: Call, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: n }, () => call()));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const containersListed = (await docktape.containers.list({ all: true })).length;
  // Warm-up: undici's parser and both clients' hot paths need a few thousand calls to settle in
  // the JIT; with a short warm-up the first rounds measure compilation, not the client.
  for (const call of Object.values(subjects)) await sequential(call, Number(values.warmup));

  const names = Object.keys(subjects);
  const seq: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const burst: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ratios: number[] = [];
  const burstRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate who goes first so drift on a shared machine hits both alike.
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const { wall, cpu: cpuPerCall } = await sequential(subjects[name]!, calls);
      seq[name]!.push(wall);
      cpu[name]!.push(cpuPerCall);
    }
    for (const name of order) burst[name]!.push(await concurrent(subjects[name]!, 50));
    ratios.push(seq.docktape![r]! / seq.dockerode![r]!);
    burstRatios.push(burst.docktape![r]! / burst.dockerode![r]!);
  }

  console.log(`machine: ${os.cpus().length}x ${os.cpus()[0]?.model}, node ${process.version}, containers listed: ${containersListed}`);
  console.log(`sequential ${calls} calls x ${rounds} rounds (ms per call, median):`);
  for (const name of names) {
    console.log(`  ${name.padEnd(20)} ${median(seq[name]!).toFixed(3)}   rounds: ${seq[name]!.map((x) => x.toFixed(3)).join(' ')}`);
  }
  const naiveRatios = seq['openapi-fetch+fetch']!.map((x, i) => x / seq.dockerode![i]!);
  console.log(`  median ratio openapi-fetch+fetch/dockerode: ${median(naiveRatios).toFixed(3)}`);
  const apiRatios = seq['docktape api']!.map((x, i) => x / seq.dockerode![i]!);
  console.log(`  median ratio docktape api (openapi-fetch)/dockerode: ${median(apiRatios).toFixed(3)}`);
  console.log(`  median ratio docktape/dockerode: ${median(ratios).toFixed(3)}`);
  // The facade's request path against the openapi-fetch one (issue 11): same transport, same call.
  const pathRatios = seq['docktape api']!.map((x, i) => x / seq.docktape![i]!);
  console.log(`  median ratio docktape api (openapi-fetch)/docktape facade: ${median(pathRatios).toFixed(3)}`);
  console.log(`CPU of this process per call (us, median): ${names.map((n) => `${n} ${median(cpu[n]!).toFixed(1)}`).join(', ')}`);
  const cpuPathRatios = cpu['docktape api']!.map((x, i) => x / cpu.docktape![i]!);
  console.log(`  median ratio of CPU docktape api (openapi-fetch)/docktape facade: ${median(cpuPathRatios).toFixed(3)}`);
  console.log(`50 concurrent calls (ms for the burst, median): docktape ${median(burst.docktape!).toFixed(1)}, dockerode ${median(burst.dockerode!).toFixed(1)}, median ratio ${median(burstRatios).toFixed(3)}`);
  await docktape.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
