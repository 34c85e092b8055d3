/**
 * Builds the audit report from checked exchanges. Pure: no I/O, no clock; the same input gives
 * the same report.
 */
import { OPERATIONS, type OperationRow } from '@docktape/api';
import type { CheckedExchange } from './check-exchange.js';
import { pathOfUrl } from './check-exchange.js';
import type { ErratumRow } from './erratum-row.js';
import type { ExchangeRef } from './exchange.js';
import type { FileReport } from './read-recordings.js';
import { REPORT_FORMAT, REPORT_VERSION, type AuditReport, type ErratumSummary, type OperationStats, type UnknownRow, type ViolationRow } from './report.js';

/** Examples kept per erratum: enough to find one, not a copy of every inspect. */
export const MAX_EXAMPLES = 5;

export function refOf(c: CheckedExchange): ExchangeRef {
  const { file, index, seq, method, url, status } = c.exchange;
  return seq === undefined ? { file, index, method, url, status } : { file, index, seq, method, url, status };
}

export function buildReport(files: readonly FileReport[], checked: readonly CheckedExchange[], errata: readonly ErratumRow[], operations: readonly OperationRow[] = OPERATIONS): AuditReport {
  const stats = new Map<string, OperationStats>();
  const statuses = new Set<number>();
  const violations: ViolationRow[] = [];
  const unknown = new Map<string, UnknownRow>();
  const outcomes: Record<string, number> = {};
  const byErratum = new Map<string | null, ErratumSummary>();
  for (const e of errata) byErratum.set(e.id, { id: e.id, description: e.description, evidence: e.evidence, instances: e.instances, hits: 0, examples: [] });
  const rowOf = new Map(operations.map((o) => [o.operationId, o]));
  let cut = 0;

  for (const c of checked) {
    const x = c.exchange;
    const ref = refOf(c);
    if (x.cut) cut++;
    const outcome = c.conformance?.outcome ?? 'not-checked';
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const op = c.operationId ? rowOf.get(c.operationId) : undefined;
    if (!op) {
      const path = pathOfUrl(x.url).split('?', 1)[0]!;
      const key = `${x.method} ${path}`;
      const row = unknown.get(key) ?? { method: x.method, path, count: 0, first: ref };
      row.count++;
      unknown.set(key, row);
      continue;
    }
    statuses.add(x.status);
    let s = stats.get(op.operationId);
    if (!s) {
      s = { operationId: op.operationId, tag: op.tag, transport: op.transport, method: op.method, path: op.path, count: 0, covered: true, statuses: {}, complete: 0, cut: 0, cutReasons: [] };
      stats.set(op.operationId, s);
    }
    s.count++;
    s.statuses[x.status] = (s.statuses[x.status] ?? 0) + 1;
    if (x.cut) {
      s.cut++;
      const reason = s.cutReasons.find((r) => r.reason === x.cut);
      if (reason) reason.count++;
      else s.cutReasons.push({ reason: x.cut, count: 1 });
    } else {
      s.complete++;
    }
    if (c.checked !== 'none') {
      for (const v of c.conformance?.violations ?? []) violations.push({ ...v, operationId: c.operationId, checked: c.checked, exchange: ref });
    }
    for (const hit of c.errata) {
      let summary = byErratum.get(hit.erratum);
      if (!summary) {
        summary = { id: hit.erratum, description: 'accepted by the errata overlay, but no erratum lists this place in x-instance', evidence: '', instances: [], hits: 0, examples: [] };
        byErratum.set(hit.erratum, summary);
      }
      summary.hits++;
      if (summary.examples.length < MAX_EXAMPLES) summary.examples.push({ location: hit.location, operationId: c.operationId, message: hit.message, exchange: ref });
    }
  }

  const seen = operations.filter((o) => stats.has(o.operationId)).map((o) => stats.get(o.operationId)!);
  for (const s of seen) s.cutReasons.sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  const coverage = operations
    .filter((o) => o.tag === 'Container')
    .map((o) => {
      const s = stats.get(o.operationId);
      return { operationId: o.operationId, method: o.method, path: o.path, count: s?.count ?? 0, covered: !!s, statuses: s?.statuses ?? {} };
    });
  const errataList = [...byErratum.values()];
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    summary: {
      files: files.length,
      unreadableFiles: files.filter((f) => f.error !== undefined).length,
      exchanges: checked.length,
      skippedEntries: files.reduce((n, f) => n + f.skipped.length, 0),
      unknownRequests: [...unknown.values()].reduce((n, u) => n + u.count, 0),
      cut,
      containerCovered: coverage.filter((r) => r.covered).length,
      containerTotal: coverage.length,
      newDrift: violations.filter((v) => v.severity === 'error').length,
      warnings: violations.filter((v) => v.severity === 'warning').length,
      erratumHits: errataList.reduce((n, e) => n + e.hits, 0),
    },
    files: [...files],
    coverage,
    operations: seen,
    statuses: [...statuses].sort((a, b) => a - b),
    violations,
    errata: errataList,
    unknown: [...unknown.values()].sort((a, b) => b.count - a.count || (`${a.method} ${a.path}` < `${b.method} ${b.path}` ? -1 : 1)),
    outcomes: Object.fromEntries(Object.entries(outcomes).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}
