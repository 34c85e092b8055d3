/**
 * The generator as a user runs it: deterministic output, a stamped header, and a clear stop
 * when the spec is missing or altered.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const generate = path.join(here, 'generate.ts');
const tsx = path.resolve(here, '..', '..', 'node_modules', '.bin', 'tsx');

function gen(outDir: string, env: NodeJS.ProcessEnv = {}) {
  return run(tsx, [generate, '--out-dir', outDir], { env: { ...process.env, ...env }, timeout: 170_000 }); // inside the tests' 180 s: a loaded machine takes a while
}

describe('generate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'docktape-gen-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('two runs give byte-identical, stamped output', async () => {
    await Promise.all([gen(path.join(dir, 'a')), gen(path.join(dir, 'b'))]);
    for (const file of ['operations.ts', 'response-schemas.ts']) {
      const [x, y] = await Promise.all([readFile(path.join(dir, 'a', file)), readFile(path.join(dir, 'b', file))]);
      expect(x.equals(y), file).toBe(true);
      expect(x.toString('utf8').startsWith('/**\n * GENERATED FILE - DO NOT EDIT.'), file).toBe(true);
    }
    expect(await readFile(path.join(dir, 'a', 'operations.ts'), 'utf8')).toMatch(/"operationId": "ContainerAttach",\n\s+"method": "POST",\n\s+"path": "\/containers\/\{id\}\/attach",\n\s+"tag": "Container",\n\s+"transport": "hijack"/);
    const [a, b] = await Promise.all([readFile(path.join(dir, 'a', 'docker-api.ts')), readFile(path.join(dir, 'b', 'docker-api.ts'))]);
    expect(a.equals(b)).toBe(true);
    const text = a.toString('utf8');
    expect(text.startsWith('/**\n * GENERATED FILE - DO NOT EDIT.')).toBe(true);
    expect(text).toContain('sha256 86b4e9a9b170fd3fa30d7bf0799f71df04a4ea92210e0d39658d3282bd727fec');
    expect(text).toMatch(/"\/containers\/\{id\}\/attach": \{/);
    expect(text).toContain('ContainerStatsResponse: {');
  }, 180_000);

  it('a missing spec stops generation and says where it is expected', async () => {
    const err = await gen(path.join(dir, 'c'), { DOCKTAPE_SPEC: path.join(dir, 'nope.yaml') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/cannot read the Docker Engine API spec at .*nope\.yaml \(ENOENT\)/);
    expect((err as { stderr: string }).stderr).toContain('../shared/spec/docker-engine-v1.40.yaml');
  }, 180_000);

  it('an altered spec stops generation with both hashes', async () => {
    const altered = path.join(dir, 'altered.yaml');
    await writeFile(altered, 'swagger: "2.0"\n');
    const err = await gen(path.join(dir, 'd'), { DOCKTAPE_SPEC: altered }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toMatch(/has sha256 [0-9a-f]{64}, but spec\/pin.json pins 86b4e9a9/);
  }, 180_000);
});
