import { describe, expect, it } from 'vitest';
import { errataTable } from './errata-table.js';

describe('errataTable', () => {
  it('groups actions by x-erratum, unions instances, and names the fields each patches', () => {
    const rows = errataTable({
      overlay: '1.0.0',
      info: { title: 't', version: '1' },
      actions: [
        { 'x-erratum': 'a', 'x-evidence': 'e.test.ts', 'x-instance': ['/X/One'], description: 'first', target: '$.components.schemas.X.properties.One', update: { nullable: true } },
        { 'x-erratum': 'a', 'x-instance': ['/X/One', '/X/Two'], description: 'ignored', target: "$.components.schemas.X.allOf[1].properties.Two", update: { nullable: true } },
        { 'x-erratum': 'b', description: ' enum gone ', target: '$.components.schemas.Y.properties.Type.enum', remove: true },
        { 'x-erratum': 'c', target: '$.components.schemas', update: { Z: {} } },
        { target: '$.paths', update: {} },
      ],
    });
    expect(rows).toEqual([
      { id: 'a', description: 'first', evidence: 'e.test.ts', instances: ['/X/One', '/X/Two'], fields: ['One', 'Two'] },
      { id: 'b', description: 'enum gone', evidence: '', instances: [], fields: ['Type'] },
      { id: 'c', description: '', evidence: '', instances: [], fields: [] },
    ]);
  });
});
