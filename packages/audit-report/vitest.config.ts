import { defineConfig } from 'vitest/config';

// Timeouts sized for a loaded 2-core machine (tools/stress-test.sh runs every suite under a CPU
// hog); they bound a hang, they do not measure speed (tools/bench does).
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } });
