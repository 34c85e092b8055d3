/** Every recording scenario; each has its own fixture folder test/fixtures/<name>/. */
import { archive } from './archive.js';
import { attach } from './attach.js';
import { attachWs } from './attach-ws.js';
import { jsonOps } from './json-ops.js';
import { logsWait } from './logs-wait.js';
import type { Scenario } from './scenario.js';
import { stats } from './stats.js';

export const scenarios: Scenario[] = [jsonOps, logsWait, stats, archive, attach, attachWs];
export { archive, attach, attachWs, jsonOps, logsWait, stats };
export * from './scenario.js';
