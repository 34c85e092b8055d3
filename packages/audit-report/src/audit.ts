/** Reading, checking and reporting in one call: what `docktape audit` runs. */
import { buildReport } from './build-report.js';
import { checkExchange, defaultCheckers, type Checkers } from './check-exchange.js';
import { readForAudit, type ReadOptions } from './read-recordings.js';
import type { AuditReport } from './report.js';

export async function auditRecordings(paths: readonly string[], options: ReadOptions & { checkers?: Checkers } = {}): Promise<AuditReport> {
  const read = await readForAudit(paths, options);
  const checkers = options.checkers ?? defaultCheckers();
  const checked = read.exchanges.map((x) => checkExchange(x, checkers));
  return buildReport(read.files, checked, checkers.errata);
}
