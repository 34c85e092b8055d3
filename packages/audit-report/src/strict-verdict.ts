/** What `--strict` fails on: new drift, and container operations no recording covers. Pure. */
import type { AuditReport } from './report.js';

export function strictProblems(report: AuditReport): string[] {
  const problems: string[] = [];
  const { newDrift } = report.summary;
  if (newDrift > 0) problems.push(`${newDrift} violation${newDrift === 1 ? '' : 's'} of the v1.40 contract (new drift)`);
  const uncovered = report.coverage.filter((r) => !r.covered).map((r) => r.operationId);
  if (uncovered.length) problems.push(`container operation${uncovered.length === 1 ? '' : 's'} not covered: ${uncovered.join(', ')}`);
  return problems;
}
