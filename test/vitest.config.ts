import { defineConfig } from 'vitest/config';

// Cross-package suites: live ones talk to a real daemon (containers start, stop and wait
// for real), so timeouts are sized for a loaded 2-core machine (tools/stress-test.sh runs the
// suite under a CPU hog); speed is measured in tools/bench, never here.
const shared = {
  exclude: ['**/node_modules/**'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

/**
 * Files that drive the fixtures' docker CLI session against the real daemon: its containers have
 * fixed names (dtr-*, the session's outputs are compared with the recorded ones), so two such
 * files must never run at once. They form their own project, one file at a time, after the others.
 */
const CLI_SESSION = ['proxy/audit-cli-session.test.ts', 'policy/learned-policy.test.ts'];

export default defineConfig({
  test: {
    // Two files at a time on these 2-core machines: most of the time goes to waiting on the
    // daemon, docker CLI processes and sockets, so the replay suite drops from ~19 s to ~12 s.
    // Suites stay independent (each labels its own containers).
    maxWorkers: 2,
    // Transformed test and support files kept between runs (node_modules/.experimental-vitest-cache,
    // keyed by each file's content, id and the config): the main
    // process no longer transforms ~40 TypeScript files each run, ~0.5 s of CPU in a replay run
    // (tools/bench/RESULTS-replay.md). No plugin here reads anything a key would miss.
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'live',
          include: ['**/*.test.ts'],
          ...shared,
          exclude: [...shared.exclude, 'replay/**', 'audit/**', ...CLI_SESSION],
          // The live daemon is found once per run and injected (support/live-daemon.ts).
          globalSetup: ['support/global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cli-session',
          include: CLI_SESSION,
          ...shared,
          globalSetup: ['support/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
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
          // The workspace packages' built JS is loaded by Node as it is, not through vite's
          // transform: npm links them from node_modules to packages/*/dist, a path vite does not
          // see as a dependency, so it transformed every file of them (the generated api among
          // them) in each fork, 2.4 s of "transform" summed per run (tools/bench/RESULTS-replay.md).
          server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
          // No global setup: no daemon is looked for, and the one file that needs certificates
          // makes them (a global setup runs before any file can start).
          // A global WebSocket before any msw server listens: attach/ws through msw failed in
          // a shared fork without it (support/global-websocket.ts says why).
          setupFiles: ['support/global-websocket.ts'],
          // The docker CLI sessions start ~115 docker CLI processes, each living a few ms: Go's
          // garbage collector only costs them CPU there (~0.4 s of CPU per session on these two
          // cores). What the CLI prints does not depend on it.
          env: { GOGC: 'off' },
          // No optimizing compiler in these short-lived test processes: TurboFan compiled code
          // that ran a few times (~9% of the run's CPU in a perf profile), and without it a run
          // takes ~0.4 s less CPU (tools/bench/RESULTS-replay.md). The replay processes the
          // tests spawn run as users run them.
          execArgv: ['--no-opt'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // `docktape audit` on the committed fixtures and copies, its page in headless Chromium: no daemon.
        extends: true,
        test: { name: 'audit', include: ['audit/**/*.test.ts'], ...shared, sequence: { groupOrder: 0 } },
      },
    ],
  },
});
