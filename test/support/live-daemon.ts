/**
 * Finds the real Docker daemon for live tests. Live tests never mock the daemon: they run
 * against DOCKER_HOST (tools/daemon/docker-daemon.sh starts a private one). Without a daemon
 * they are skipped loudly on a developer machine and fail in CI (CI=true), where a missing
 * daemon is a broken pipeline, not a reason to skip.
 */
import http from 'node:http';
import { describe, it } from 'vitest';
import { resolveDockerHost } from '@docktape/client';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export interface LiveDaemon {
  host: string;
  /** Image the tests run (a local busybox, see tools/daemon/docker-daemon.sh). */
  image: string;
}

async function ping(host: string): Promise<string | undefined> {
  let endpoint;
  try {
    endpoint = resolveDockerHost({ host }, {});
  } catch (err) {
    return `DOCKER_HOST ${host} is not usable: ${(err as Error).message}`;
  }
  return new Promise((resolve) => {
    const req = http.request(
      endpoint.kind === 'unix'
        ? { socketPath: endpoint.socketPath, path: '/_ping', timeout: 3000 }
        : { host: endpoint.hostname, port: endpoint.port, path: '/_ping', timeout: 3000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? undefined : `${host}/_ping answered ${res.statusCode}`);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 3 s')));
    req.on('error', (err) => resolve(`no Docker daemon answers at ${host}: ${err.message}`));
    req.end();
  });
}

const host = process.env.DOCKER_HOST;
const problem = host
  ? await ping(host)
  : 'DOCKER_HOST is not set (start a daemon with: sudo tools/daemon/docker-daemon.sh start)';

export const liveDaemon: LiveDaemon | undefined = problem
  ? undefined
  : { host: host!, image: process.env.DOCKTAPE_TEST_IMAGE ?? 'busybox:latest' };

/**
 * `describe` for suites that need the real daemon. With no daemon: in CI one failing test that
 * says why; elsewhere the suite is skipped with a warning on stderr.
 */
export function describeLive(name: string, body: (daemon: LiveDaemon) => void): void {
  if (liveDaemon) {
    describe(name, () => body(liveDaemon));
    return;
  }
  if (inCI) {
    describe(name, () => {
      it('needs a real Docker daemon (CI=true: missing daemon is a failure)', () => {
        throw new Error(`live suite "${name}" cannot run: ${problem}`);
      });
    });
    return;
  }
  process.stderr.write(`\n!!! SKIPPED live suite "${name}": ${problem}\n`);
  // The body still runs to register its tests as skipped, so it gets a daemon that parses;
  // clients connect lazily and no test or hook of a skipped suite runs.
  describe.skip(name, () => body({ host: 'unix:///docktape-no-daemon.sock', image: 'busybox:latest' }));
}
