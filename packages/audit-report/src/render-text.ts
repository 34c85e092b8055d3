/** The default output of `docktape audit`: a report a person reads in a terminal. Pure. */
import { exchangeLabel, pointerText } from './exchange-label.js';
import type { AuditReport, CoverageRow } from './report.js';

const statusList = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([code, n]) => (n === 1 ? code : `${code}x${n}`))
    .join(' ');

export function renderText(report: AuditReport): string {
  const s = report.summary;
  const out: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  out.push(
    `docktape audit: ${plural(s.files, 'file')}, ${plural(s.exchanges, 'exchange')}; ` +
      `container operations covered: ${s.containerCovered}/${s.containerTotal}; ` +
      `new drift: ${s.newDrift}; known errata: ${plural(s.erratumHits, 'hit')}; ` +
      `cut: ${s.cut}; unknown requests: ${s.unknownRequests}` +
      (s.unreadableFiles ? `; UNREADABLE FILES: ${s.unreadableFiles}` : ''),
  );
  out.push('', 'Container operations:');
  const w = Math.max(...report.coverage.map((r) => r.operationId.length), 10);
  const pw = Math.max(...report.coverage.map((r) => r.method.length + r.path.length + 1), 10);
  const line = (r: CoverageRow) => `  ${r.covered ? '[x]' : '[ ]'} ${r.operationId.padEnd(w)}  ${`${r.method} ${r.path}`.padEnd(pw)}  ${r.covered ? `${r.count}  ${statusList(r.statuses)}` : 'NOT COVERED'}`;
  for (const r of report.coverage) out.push(line(r));
  const others = report.operations.filter((o) => o.tag !== 'Container');
  if (others.length) {
    out.push('', 'Other operations:');
    for (const o of others) out.push(`      ${o.operationId.padEnd(w)}  ${`${o.method} ${o.path}`.padEnd(pw)}  ${o.count}  ${statusList(o.statuses)}`);
  }
  const cutOps = report.operations.filter((o) => o.cut > 0);
  if (cutOps.length) {
    out.push('', 'Incomplete bodies and sessions:');
    for (const o of cutOps) out.push(`  ${o.operationId}: ${o.cut} of ${o.count} cut (${o.cutReasons.map((r) => `${r.reason}: ${r.count}`).join('; ')})`);
  }
  out.push('', report.violations.length ? `Violations of the v1.40 contract (${s.newDrift} new drift, ${s.warnings} warnings):` : 'Violations of the v1.40 contract: none');
  for (const v of report.violations) {
    out.push(`  ${v.severity === 'error' ? 'DRIFT' : 'warn '} ${v.operationId ?? '?'} ${pointerText(v.location)} [${v.code}] ${v.message}`);
    out.push(`        in ${exchangeLabel(v.exchange)}`);
  }
  const hit = report.errata.filter((e) => e.hits > 0);
  out.push('', `Known errata (spec/errata.overlay.yaml): ${hit.length} of ${report.errata.filter((e) => e.id !== null).length} seen`);
  for (const e of report.errata) {
    out.push(`  ${e.hits ? `${String(e.hits).padStart(4)}x` : '    -'} ${e.id ?? '(unattributed)'}: ${e.description}`);
    const first = e.examples[0];
    if (first) out.push(`          e.g. ${pointerText(first.location)} in ${exchangeLabel(first.exchange)}`);
  }
  if (report.unknown.length) {
    out.push('', 'Requests the spec does not have:');
    for (const u of report.unknown) out.push(`  ${String(u.count).padStart(4)}x ${u.method} ${u.path}  (first: ${exchangeLabel(u.first)})`);
  }
  out.push('', 'Files:');
  for (const f of report.files) {
    out.push(`  ${f.file}: ${f.error ? `ERROR ${f.error}` : `${f.format}, ${plural(f.entries, 'entry').replace('entrys', 'entries')}${f.skipped.length ? `, ${f.skipped.length} skipped` : ''}`}`);
    for (const k of f.skipped) out.push(`      skipped entry ${k.index}: ${k.reason}`);
    for (const warning of f.warnings) out.push(`      warning: ${warning}`);
  }
  return `${out.join('\n')}\n`;
}
