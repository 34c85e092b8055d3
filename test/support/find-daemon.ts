/**
 * Looks for the real Docker daemon once per test run, in vitest's global setup
 * (test/support/global-setup.ts), so that every test file sees the same answer and no file
 * pings the daemon at import time. Pure apart from the one `/_ping`.
 */
import http from 'node:http';
import { resolveDockerHost } from '@docktape/client';

export interface LiveDaemon {
  host: string;
  /** Image the tests run (a local busybox, see tools/daemon/docker-daemon.sh). */
  image: string;
}

/** What the global setup hands to test files: a daemon, or why there is none. */
export type DaemonLookup = { daemon: LiveDaemon; problem?: undefined } | { daemon?: undefined; problem: string };

/** The ping waits this long: a loaded machine's daemon can be slow to answer, never this slow. */
const PING_TIMEOUT_MS = 30_000;

function ping(host: string): Promise<string | undefined> {
  let endpoint;
  try {
    endpoint = resolveDockerHost({ host }, {});
  } catch (err) {
    return Promise.resolve(`DOCKER_HOST ${host} is not usable: ${(err as Error).message}`);
  }
  return new Promise((resolve) => {
    const req = http.request(
      endpoint.kind === 'unix'
        ? { socketPath: endpoint.socketPath, path: '/_ping', timeout: PING_TIMEOUT_MS }
        : { host: endpoint.hostname, port: endpoint.port, path: '/_ping', timeout: PING_TIMEOUT_MS },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? undefined : `${host}/_ping answered ${res.statusCode}`);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => resolve(`no Docker daemon answers at ${host}: ${err.message}`));
    req.end();
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    daemonLookup: DaemonLookup;
  }
}

export async function findDaemon(env: NodeJS.ProcessEnv): Promise<DaemonLookup> {
  const host = env.DOCKER_HOST;
  if (!host) return { problem: 'DOCKER_HOST is not set (start a daemon with: sudo tools/daemon/docker-daemon.sh start)' };
  const problem = await ping(host);
  return problem ? { problem } : { daemon: { host, image: env.DOCKTAPE_TEST_IMAGE ?? 'busybox:latest' } };
}
