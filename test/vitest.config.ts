import { defineConfig } from 'vitest/config';

// Cross-package suites: live ones talk to a real daemon (containers start, stop and wait
// for real), so timeouts are sized for a loaded 2-core machine (tools/stress-test.sh runs the
// suite under a CPU hog); speed is measured in tools/bench, never here.
const shared = {
  exclude: ['**/node_modules/**'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // Two files at a time on these 2-core machines: most of the time goes to waiting on the
    // daemon, docker CLI processes and sockets, so the replay suite drops from ~19 s to ~12 s.
    // Suites stay independent (each labels its own containers).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'live',
          include: ['**/*.test.ts'],
          ...shared,
          exclude: [...shared.exclude, 'replay/**'],
          // The live daemon is found once per run and injected (support/live-daemon.ts).
          globalSetup: ['support/global-setup.ts'],
        },
      },
      {
        // The hermetic replay suite shares its workers' module graph (msw, the client, the
        // replay engine): importing them again for each file cost more than the tests
        // themselves (tools/bench/RESULTS-replay.md). Safe because these files leave no global
        // state behind: msw servers are closed in `finally`, daemons and temp folders too,
        // and nothing is mocked. Forks, not threads: the replay daemon sets process.umask()
        // around a unix socket's creation, which workers may not.
        extends: true,
        test: {
          name: 'replay',
          include: ['replay/**/*.test.ts'],
          ...shared,
          pool: 'forks',
          isolate: false,
          // Test certificates made once per run (support/certs-setup.ts); no daemon is looked for.
          globalSetup: ['support/certs-setup.ts'],
          // A global WebSocket before any msw server listens: attach/ws through msw failed in
          // a shared fork without it (support/global-websocket.ts says why).
          setupFiles: ['support/global-websocket.ts'],
        },
      },
    ],
  },
});
