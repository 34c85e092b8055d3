/**
 * The errata overlay as a table, one row per erratum (actions grouped by `x-erratum`): what
 * `docktape audit` needs to tell a known erratum from new drift. Pure.
 *
 * `fields` are the property names the erratum's actions patch (the last `.properties.X` of each
 * target): `x-instance` lists only the pointers the live test saw, and a recording may hit a
 * sibling field the same erratum covers (HostConfig.CapDrop as well as CapAdd).
 */
import type { ErratumRow } from '../../packages/audit-report/src/erratum-row.js';
import type { OverlayDocument } from './apply-overlay.js';

// the row's one definition is the package's that ships it (as api's OperationRow for the operation table)
export type { ErratumRow };

export function errataTable(overlay: OverlayDocument): ErratumRow[] {
  const rows = new Map<string, ErratumRow>();
  for (const action of overlay.actions) {
    const id = action['x-erratum'];
    if (typeof id !== 'string') continue;
    let row = rows.get(id);
    if (!row) {
      row = { id, description: String(action.description ?? '').trim(), evidence: String(action['x-evidence'] ?? ''), instances: [], fields: [] };
      rows.set(id, row);
    }
    const instances = action['x-instance'];
    if (Array.isArray(instances)) for (const p of instances) if (typeof p === 'string' && !row.instances.includes(p)) row.instances.push(p);
    const field = /\.properties\.([A-Za-z0-9_]+)(?:\.[A-Za-z]+)?$/.exec(action.target)?.[1];
    if (field && !row.fields.includes(field)) row.fields.push(field);
  }
  return [...rows.values()];
}
