/**
 * The runtime operation table of @docktape/api, derived from the patched OpenAPI document:
 * one row per operation (method, path template, operationId, tag) plus how it travels on the
 * wire, which the spec cannot say and spec/transport.overlay.yaml adds as `x-docktape`. Pure.
 */
import type { OperationRow, Transport } from '../../packages/api/src/operation-row.js';

export type { OperationRow, Transport };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const TRANSPORTS = new Set<string>(['stream', 'hijack', 'websocket']);

interface OperationObject {
  operationId?: string;
  tags?: string[];
  'x-docktape'?: { transport?: string; tar?: string };
}

export class OperationTableError extends Error {
  override name = 'OperationTableError';
}

export function operationTable(document: Record<string, unknown>): OperationRow[] {
  const paths = (document.paths ?? {}) as Record<string, Partial<Record<(typeof METHODS)[number], OperationObject>>>;
  const rows: OperationRow[] = [];
  for (const [template, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new OperationTableError(`${method.toUpperCase()} ${template} has no operationId`);
      const marks = op['x-docktape'] ?? {};
      if (marks.transport !== undefined && !TRANSPORTS.has(marks.transport)) {
        throw new OperationTableError(`${op.operationId}: unknown x-docktape transport ${JSON.stringify(marks.transport)}`);
      }
      if (marks.tar !== undefined && marks.tar !== 'request' && marks.tar !== 'response') {
        throw new OperationTableError(`${op.operationId}: x-docktape tar must be "request" or "response"`);
      }
      rows.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: template,
        tag: op.tags?.[0] ?? '',
        transport: (marks.transport as Transport | undefined) ?? 'plain',
        ...(marks.tar ? { tar: marks.tar as 'request' | 'response' } : {}),
      });
    }
  }
  const ids = new Set<string>();
  for (const row of rows) {
    if (ids.has(row.operationId)) throw new OperationTableError(`operationId ${row.operationId} is used twice`);
    ids.add(row.operationId);
  }
  return rows;
}
