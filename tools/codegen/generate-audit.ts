/**
 * Generates what `docktape audit` needs beyond @docktape/api, into @docktape/audit-report:
 *   tsx tools/codegen/generate-audit.ts --out-dir packages/audit-report/src/generated
 * writes
 *   upstream-schemas.ts  JSON Schemas of every JSON response of the spec WITHOUT the errata
 *                        overlay (the transport overlay only marks how operations travel): a
 *                        recorded body the upstream spec rejects and the patched one accepts
 *                        is a known erratum, not drift
 *   errata.ts            the errata overlay as a table (errata-table.ts)
 * Kept out of @docktape/api so its public surface stays the patched contract. Deterministic,
 * as generate.ts.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { applyOverlay } from './apply-overlay.js';
import { errataTable } from './errata-table.js';
import { buildPatchedSpec, loadOverlay, TRANSPORT_OVERLAY_FILE } from './pipeline.js';
import { responseSchemas } from './response-schemas.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  if (!values['out-dir']) throw new Error('usage: generate-audit.ts --out-dir <folder>');
  const outDir = path.resolve(values['out-dir']);
  const spec = await buildPatchedSpec(repoRoot);
  const transport = await loadOverlay(repoRoot, TRANSPORT_OVERLAY_FILE);
  const upstream = responseSchemas(applyOverlay(spec.original, transport.overlay));
  const errata = errataTable(spec.overlay);
  const stamp = (generator: string) =>
    [
      '/**',
      ' * GENERATED FILE - DO NOT EDIT. Regenerate with `npm run generate`.',
      ` * Source: ${spec.pin.upstream}, sha256 ${spec.pin.sha256}`,
      ` * Errata: spec/errata.overlay.yaml, sha256 ${spec.overlaySha256}`,
      ` * Generator: ${generator}`,
      ' */',
      '',
    ].join('\n');
  await mkdir(outDir, { recursive: true });
  await write(
    path.join(outDir, 'upstream-schemas.ts'),
    stamp('tools/codegen/generate-audit.ts (response-schemas.ts on the spec without errata)') +
      "import type { ResponseSchemas } from '@docktape/api';\n\n" +
      '/** The response schemas of the upstream spec, errata NOT applied. */\n' +
      `export const UPSTREAM_RESPONSE_SCHEMAS: ResponseSchemas = ${JSON.stringify(upstream)};\n`,
  );
  await write(
    path.join(outDir, 'errata.ts'),
    stamp('tools/codegen/errata-table.ts') +
      "import type { ErratumRow } from '../erratum-row.js';\n\n" +
      '/** Every erratum of spec/errata.overlay.yaml, in file order. */\n' +
      `export const ERRATA: readonly ErratumRow[] = ${JSON.stringify(errata, null, 2)};\n`,
  );
  console.log(`generate-audit: wrote upstream-schemas.ts, errata.ts (${errata.length} errata) to ${path.relative(process.cwd(), outDir) || '.'}`);
}

// Write then rename so a concurrent reader never sees half a file.
async function write(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

main().catch((err: unknown) => {
  console.error(`generate-audit: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
