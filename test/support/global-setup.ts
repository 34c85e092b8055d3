/**
 * vitest global setup: finds the live daemon once and provides it to every test file
 * (`inject('daemonLookup')`, read by live-daemon.ts), and makes one set of test certificates
 * for the files that only need some (`inject('testCerts')`), removed when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { findDaemon } from './find-daemon.js';
import { makeTestCerts } from './test-certs.js';

export default async function setup(project: TestProject): Promise<() => void> {
  project.provide('daemonLookup', await findDaemon(process.env));
  const { remove, ...certs } = makeTestCerts();
  project.provide('testCerts', certs);
  return remove;
}
