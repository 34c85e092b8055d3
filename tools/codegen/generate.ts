/**
 * Generates the typed Docker Engine API from the pinned spec and the errata overlay.
 *   tsx tools/codegen/generate.ts --out packages/client/src/generated/docker-api.ts
 * Deterministic: the output depends only on the spec, the overlay and the generator version
 * (no timestamps), so two runs give byte-identical files.
 */
import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildPatchedSpec } from './pipeline.js';
import { createRequire } from 'node:module';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('usage: generate.ts --out <file.ts>');
  const out = path.resolve(values.out);

  const spec = await buildPatchedSpec(repoRoot);
  const ast = await openapiTS(spec.document as never, {
    alphabetize: false,
    silent: true,
    // A default in the spec is what the daemon assumes when a field is absent, so such fields
    // must stay optional in request bodies (openapi-typescript makes them required otherwise).
    defaultNonNullable: false,
  });
  const generatorVersion = (createRequire(import.meta.url)('openapi-typescript/package.json') as { version: string }).version;
  const header = [
    '/**',
    ' * GENERATED FILE - DO NOT EDIT. Regenerate with `npm run generate`.',
    ` * Source: ${spec.pin.upstream}, sha256 ${spec.pin.sha256}`,
    ` * Errata: spec/errata.overlay.yaml (${spec.overlay.actions.length} actions), sha256 ${spec.overlaySha256}`,
    ` * Generator: openapi-typescript ${generatorVersion} via swagger2openapi (Swagger 2.0 -> OpenAPI 3.0)`,
    ' */',
    '',
  ].join('\n');
  await mkdir(path.dirname(out), { recursive: true });
  // Write then rename so a concurrent reader (turbo, an editor) never sees half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, header + astToString(ast));
  await rename(tmp, out);
  console.log(`generate: wrote ${path.relative(process.cwd(), out)} from ${spec.specFile}`);
}

main().catch((err: unknown) => {
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
