/**
 * `docktape audit --html FILE`: ONE self-contained page (inline CSS, no script, no network, no
 * external asset) that a person reads at a glance: the counts on top, then the container
 * coverage table (uncovered rows stand out), the status-code matrix, the violations with their
 * pointer and exchange, the known errata apart, unknown requests and the files read. Every
 * recorded string is escaped (html-escape.ts). Pure.
 */
import { exchangeLabel, exchangeWhere, pointerText } from './exchange-label.js';
import { esc } from './html-escape.js';
import type { AuditReport } from './report.js';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:1px solid #ccc;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.card b{display:block;font-size:1.5rem}.card.bad{border-color:#c62828;background:#fdecea}.card.good{border-color:#2e7d32;background:#edf7ed}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.uncovered td{background:#fdecea;color:#8e0000;font-weight:600}tr.cut td.cut{color:#8a4b00}
code{font:12px ui-monospace,monospace;overflow-wrap:anywhere}.pointer{background:#fff3cd;padding:0 .2rem}
li.violation{margin:.3rem 0}li.violation.error{border-left:4px solid #c62828;padding-left:.5rem}li.violation.warning{border-left:4px solid #f9a825;padding-left:.5rem}
.muted{color:#666}.matrix td.z{color:#bbb}
`;

const badge = (label: string, value: number | string, tone: 'good' | 'bad' | '' = '') => `<div class="card ${tone}"><b>${esc(value)}</b>${esc(label)}</div>`;

export function renderHtml(report: AuditReport): string {
  const s = report.summary;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // belt and braces: even if an escape were missed, the page may load nothing and run nothing
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>docktape audit: ${s.containerCovered}/${s.containerTotal} container operations, ${s.newDrift} new drift</title>`,
    `<style>${CSS}</style></head><body>`,
    '<h1>docktape audit</h1>',
    '<div class="cards" id="summary">',
    badge('container operations covered', `${s.containerCovered}/${s.containerTotal}`, s.containerCovered === s.containerTotal ? 'good' : 'bad'),
    badge('new drift', s.newDrift, s.newDrift ? 'bad' : 'good'),
    badge('known errata hits', s.erratumHits),
    badge('exchanges', s.exchanges),
    badge('files', s.files, s.unreadableFiles ? 'bad' : ''),
    badge('cut bodies', s.cut),
    badge('unknown requests', s.unknownRequests),
    '</div>',
  );

  parts.push('<h2>Container operations</h2>', '<table id="coverage"><thead><tr><th>operation</th><th>request</th><th>seen</th><th>status codes</th></tr></thead><tbody>');
  for (const r of report.coverage) {
    const codes = Object.entries(r.statuses).map(([code, n]) => `${esc(code)}&times;${n}`).join(' ');
    parts.push(
      `<tr class="${r.covered ? 'covered' : 'uncovered'}" data-operation="${esc(r.operationId)}"><td>${esc(r.operationId)}</td><td><code>${esc(r.method)} ${esc(r.path)}</code></td>` +
        `<td class="n">${r.count}</td><td>${r.covered ? codes : 'not covered'}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');

  parts.push('<h2>Status codes</h2>', '<table class="matrix" id="status-matrix"><thead><tr><th>operation</th>');
  for (const code of report.statuses) parts.push(`<th>${code}</th>`);
  parts.push('<th>complete</th><th>cut</th></tr></thead><tbody>');
  for (const o of report.operations) {
    const cells = report.statuses.map((code) => (o.statuses[code] ? `<td class="n">${o.statuses[code]}</td>` : '<td class="n z">&middot;</td>')).join('');
    const why = o.cutReasons.map((r) => `${r.reason} (${r.count})`).join('; ');
    parts.push(`<tr class="${o.cut ? 'cut' : ''}"><td>${esc(o.operationId)}</td>${cells}<td class="n">${o.complete}</td><td class="n cut" title="${esc(why)}">${o.cut}</td></tr>`);
  }
  parts.push('</tbody></table>');

  const cutOps = report.operations.filter((o) => o.cut > 0);
  if (cutOps.length) {
    parts.push('<h2>Incomplete bodies and sessions</h2>', '<ul id="cut">');
    for (const o of cutOps) parts.push(`<li>${esc(o.operationId)}: ${o.cut} of ${o.count} cut (${o.cutReasons.map((r) => `${esc(r.reason)}: ${r.count}`).join('; ')})</li>`);
    parts.push('</ul>');
  }

  parts.push(`<h2>Violations of the v1.40 contract (${s.newDrift} new drift, ${s.warnings} warnings)</h2>`);
  if (report.violations.length === 0) parts.push('<p id="violations-none">None: every checked body fits the spec with its errata.</p>');
  parts.push('<ol id="violations">');
  for (const v of report.violations) {
    parts.push(
      `<li class="violation ${esc(v.severity)}"><b>${v.severity === 'error' ? 'new drift' : 'warning'}</b> ${esc(v.operationId ?? 'unknown operation')} ` +
        `<code class="pointer">${esc(pointerText(v.location))}</code> <code>[${esc(v.code)}]</code> ${esc(v.message)}` +
        `<br><span class="muted exchange">${esc(exchangeLabel(v.exchange))} (checked ${esc(v.checked)})</span></li>`,
    );
  }
  parts.push('</ol>');

  parts.push('<h2>Known errata (spec/errata.overlay.yaml)</h2>', '<p class="muted">The upstream spec rejects these and the errata overlay accepts them: known, not drift.</p>');
  parts.push('<table id="errata"><thead><tr><th>erratum</th><th>hits</th><th>what</th><th>first seen</th></tr></thead><tbody>');
  for (const e of report.errata) {
    const first = e.examples[0];
    const where = first ? `<code class="pointer">${esc(pointerText(first.location))}</code> in <span class="exchange">${esc(exchangeLabel(first.exchange))}</span>` : '<span class="muted">not seen</span>';
    parts.push(`<tr><td>${esc(e.id ?? '(unattributed)')}</td><td class="n">${e.hits}</td><td>${esc(e.description)}</td><td>${where}</td></tr>`);
  }
  parts.push('</tbody></table>');

  if (report.unknown.length) {
    parts.push('<h2>Requests the spec does not have</h2>', '<table id="unknown"><thead><tr><th>request</th><th>seen</th><th>first</th></tr></thead><tbody>');
    for (const u of report.unknown) parts.push(`<tr><td><code>${esc(u.method)} ${esc(u.path)}</code></td><td class="n">${u.count}</td><td>${esc(exchangeWhere(u.first))}</td></tr>`);
    parts.push('</tbody></table>');
  }

  parts.push('<h2>Files</h2>', '<table id="files"><thead><tr><th>file</th><th>format</th><th>entries</th><th>notes</th></tr></thead><tbody>');
  for (const f of report.files) {
    const notes = [...(f.error ? [`error: ${f.error}`] : []), ...f.skipped.map((k) => `skipped entry ${k.index}: ${k.reason}`), ...f.warnings].map((n) => esc(n)).join('<br>');
    parts.push(`<tr class="${f.error ? 'uncovered' : ''}"><td><code>${esc(f.file)}</code></td><td>${esc(f.format)}</td><td class="n">${f.entries}</td><td>${notes}</td></tr>`);
  }
  parts.push('</tbody></table>', '</body></html>', '');
  return parts.join('\n');
}
