/**
 * Generates @docktape/api from the pinned spec and the two overlays (errata, transport):
 *   tsx tools/codegen/generate.ts --out-dir packages/api/src/generated
 * writes
 *   docker-api.ts        the types (openapi-typescript), for openapi-fetch and the client
 *   operations.ts        the runtime operation table (operation-table.ts)
 *   response-schemas.ts  JSON Schemas of every JSON response (response-schemas.ts)
 * Deterministic: the output depends only on the spec, the overlays and the generator version
 * (no timestamps), so two runs give byte-identical files.
 */
import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildPatchedSpec, type PatchedSpec } from './pipeline.js';
import { operationTable } from './operation-table.js';
import { responseSchemas } from './response-schemas.js';
import { createRequire } from 'node:module';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  if (!values['out-dir']) throw new Error('usage: generate.ts --out-dir <folder>');
  const outDir = path.resolve(values['out-dir']);

  const spec = await buildPatchedSpec(repoRoot);
  const ast = await openapiTS(spec.document as never, {
    alphabetize: false,
    silent: true,
    // A default in the spec is what the daemon assumes when a field is absent, so such fields
    // must stay optional in request bodies (openapi-typescript makes them required otherwise).
    defaultNonNullable: false,
  });
  const generatorVersion = (createRequire(import.meta.url)('openapi-typescript/package.json') as { version: string }).version;
  const header = stamp(spec, `openapi-typescript ${generatorVersion} via swagger2openapi (Swagger 2.0 -> OpenAPI 3.0)`);
  const table = operationTable(spec.document);
  const schemas = responseSchemas(spec.document);

  await mkdir(outDir, { recursive: true });
  await write(path.join(outDir, 'docker-api.ts'), header + astToString(ast));
  await write(
    path.join(outDir, 'operations.ts'),
    stamp(spec, 'tools/codegen/operation-table.ts') +
      "import type { OperationRow } from '../operation-row.js';\n\n" +
      `/** The API version of the pinned spec; requests are sent as /v${spec.pin.apiVersion}/... */\n` +
      `export const API_VERSION = ${JSON.stringify(spec.pin.apiVersion)};\n\n` +
      '/** Every operation of the spec: method, path template, operationId, tag, and how it travels. */\n' +
      `export const OPERATIONS: readonly OperationRow[] = ${JSON.stringify(table, null, 2)};\n`,
  );
  await write(
    path.join(outDir, 'response-schemas.ts'),
    stamp(spec, 'tools/codegen/response-schemas.ts') +
      "import type { ResponseSchemas } from '../response-schema-types.js';\n\n" +
      `export const RESPONSE_SCHEMAS: ResponseSchemas = ${JSON.stringify(schemas)};\n`,
  );
  console.log(`generate: wrote docker-api.ts, operations.ts (${table.length} operations), response-schemas.ts to ${path.relative(process.cwd(), outDir) || '.'} from ${spec.specFile}`);
}

function stamp(spec: PatchedSpec, generator: string): string {
  return [
    '/**',
    ' * GENERATED FILE - DO NOT EDIT. Regenerate with `npm run generate`.',
    ` * Source: ${spec.pin.upstream}, sha256 ${spec.pin.sha256}`,
    ` * Errata: spec/errata.overlay.yaml (${spec.overlay.actions.length} actions), sha256 ${spec.overlaySha256}`,
    ` * Transport: spec/transport.overlay.yaml, sha256 ${spec.transportSha256}`,
    ` * Generator: ${generator}`,
    ' */',
    '',
  ].join('\n');
}

// Write then rename so a concurrent reader (turbo, an editor) never sees half a file.
async function write(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

main().catch((err: unknown) => {
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
