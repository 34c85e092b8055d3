/**
 * vitest global setup: finds the live daemon once and provides it to every test file
 * (`inject('daemonLookup')`, read by live-daemon.ts).
 */
import type { TestProject } from 'vitest/node';
import { findDaemon } from './find-daemon.js';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('daemonLookup', await findDaemon(process.env));
}
