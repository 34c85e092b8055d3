/**
 * The real Docker daemon for live tests. Live tests never mock the daemon: they run against
 * DOCKER_HOST (tools/daemon/docker-daemon.sh starts a private one), found once per run by the
 * global setup (global-setup.ts) and injected here. Without a daemon they are skipped loudly on
 * a developer machine and fail in CI (CI=true), where a missing daemon is a broken pipeline,
 * not a reason to skip.
 */
import { describe, inject, it } from 'vitest';
import type { LiveDaemon } from './find-daemon.js';
// on its own in in-ci.ts: the replay project needs it without the daemon lookup injected here
import { inCI } from './in-ci.js';

export type { LiveDaemon } from './find-daemon.js';
export { inCI };

const lookup = inject('daemonLookup');

export const liveDaemon: LiveDaemon | undefined = lookup.daemon;

/**
 * `describe` for suites that need the real daemon. With no daemon: in CI one failing test that
 * says why; elsewhere the suite is skipped with a warning on stderr.
 */
export function describeLive(name: string, body: (daemon: LiveDaemon) => void): void {
  if (lookup.daemon) {
    const daemon = lookup.daemon;
    describe(name, () => body(daemon));
    return;
  }
  if (inCI) {
    describe(name, () => {
      it('needs a real Docker daemon (CI=true: missing daemon is a failure)', () => {
        throw new Error(`live suite "${name}" cannot run: ${lookup.problem}`);
      });
    });
    return;
  }
  process.stderr.write(`\n!!! SKIPPED live suite "${name}": ${lookup.problem}\n`);
  // The body still runs to register its tests as skipped, so it gets a daemon that parses;
  // clients connect lazily and no test or hook of a skipped suite runs.
  describe.skip(name, () => body({ host: 'unix:///docktape-no-daemon.sock', image: 'busybox:latest' }));
}
