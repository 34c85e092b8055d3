import { defineConfig } from 'vitest/config';

// Cross-package suites: live ones talk to a real daemon (containers start, stop and wait
// for real), so timeouts are generous; speed is measured in tools/bench, never here.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two files at a time on these 2-core machines: most of the time goes to waiting on the
    // daemon, docker CLI processes and sockets, so the replay suite drops from ~19 s to ~12 s.
    // Suites stay independent (each labels its own containers).
    maxWorkers: 2,
  },
});
