/**
 * Every one of the 25 container operations of ENDPOINTS.md has a replay test: some scenario
 * with a `<scenario>.replay.test.ts` here recorded it, and those tests require every recorded
 * exchange to be served (`servedAll`). Fails naming the operations with no replay test.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadFixtures } from '@docktape/replay';
import { CONTAINER_OPERATIONS, operationOf } from '../support/container-operations.js';
import { scenarios } from '../../tools/fixtures/scenarios/index.js';
import { FIXTURES } from './support/replay-harness.js';

it('every container operation is replayed by some replay test', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tested = (await readdir(here)).filter((f) => f.endsWith('.replay.test.ts')).map((f) => f.slice(0, -'.replay.test.ts'.length));
  const covered = new Map<string, string>();
  for (const scenario of scenarios.map((s) => s.name).filter((name) => tested.includes(name))) {
    for (const recording of await loadFixtures(path.join(FIXTURES, scenario))) {
      for (const entry of recording.entries) {
        const op = operationOf(entry);
        if (op && !covered.has(op)) covered.set(op, scenario);
      }
    }
  }
  expect(CONTAINER_OPERATIONS.length).toBe(25);
  expect(CONTAINER_OPERATIONS.filter((op) => !covered.has(op))).toEqual([]);
});
