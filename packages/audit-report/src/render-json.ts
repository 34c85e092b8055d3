/** `docktape audit --json`: the report as it is (report.ts documents the shape). Pure. */
import type { AuditReport } from './report.js';

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
