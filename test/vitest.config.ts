import { defineConfig } from 'vitest/config';

// Cross-package suites: live ones talk to a real daemon (containers start, stop and wait
// for real), so timeouts are generous; speed is measured in tools/bench, never here.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
