/**
 * vitest global setup of the replay project: one set of test certificates per run, handed to
 * the files that only need some (`inject('testCerts')`) and removed when the run ends. Apart
 * from global-setup.ts so that a replay run neither looks for a daemon nor loads the client.
 */
import type { TestProject } from 'vitest/node';
import { makeTestCerts } from './test-certs.js';

export default function setup(project: TestProject): () => void {
  const { remove, ...certs } = makeTestCerts();
  project.provide('testCerts', certs);
  return remove;
}
