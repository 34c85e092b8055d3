import { defineConfig } from 'vitest/config';

// Cross-package suites: live ones talk to a real daemon (containers start, stop and wait
// for real), so timeouts are sized for a loaded 2-core machine (tools/stress-test.sh runs the
// suite under a CPU hog); speed is measured in tools/bench, never here.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // The live daemon is found once per run and injected (support/live-daemon.ts).
    globalSetup: ['support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two files at a time on these 2-core machines: most of the time goes to waiting on the
    // daemon, docker CLI processes and sockets, so the replay suite drops from ~19 s to ~12 s.
    // Suites stay independent (each labels its own containers).
    maxWorkers: 2,
  },
});
