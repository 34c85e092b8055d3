/**
 * The dependency direction between the two top-level folders: test/ may import tools/ (the
 * scenarios, the CLI session, process helpers), tools/ never imports test/. Reads every
 * TypeScript file under tools/ and lists the imports that reach into test/.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const TOOLS = path.dirname(fileURLToPath(import.meta.url));
const TEST = path.resolve(TOOLS, '../test');
const SPECIFIER = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;

async function typeScriptFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await typeScriptFiles(full)));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Relative imports of `source` (in `file`) that resolve into test/. Pure. */
export function importsIntoTest(file: string, source: string): string[] {
  return [...source.matchAll(SPECIFIER)]
    .map((m) => m[1]!)
    .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(TEST + path.sep));
}

describe('tools/ does not import test/', () => {
  it('recognises an import into test/ (the check can fail)', () => {
    const file = path.join(TOOLS, 'fixtures/check.ts');
    expect(importsIntoTest(file, "import { x } from '../../test/replay/y.js';")).toEqual(['../../test/replay/y.js']);
    expect(importsIntoTest(file, "import { x } from './scenarios/index.js';")).toEqual([]);
  });

  it('no file under tools/ imports a file under test/', async () => {
    const offenders: string[] = [];
    for (const file of await typeScriptFiles(TOOLS)) {
      for (const spec of importsIntoTest(file, await readFile(file, 'utf8'))) offenders.push(`${path.relative(TOOLS, file)} -> ${spec}`);
    }
    expect(offenders).toEqual([]);
  });
});
