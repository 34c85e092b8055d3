/**
 * What each published package puts in its tarball (issue 15): `npm pack --dry-run --json` of
 * every packages/* workspace, checked for files a consumer must not get (tests, fixtures, test
 * helpers, the 470 KB generated types source that no map points at) and for what the dist
 * needs (every source a shipped .js.map names, the README). Scripts are skipped
 * (`--ignore-scripts`: no build while other suites read dist/), so LICENSE and NOTICE, which
 * `prepack` copies in, are checked through the script itself; tools/consumer/run.sh packs for
 * real and finds them in the tarballs.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = readdirSync(path.join(ROOT, 'packages')).sort();

const TOP_LEVEL = new Set(['package.json', 'README.md', 'LICENSE', 'NOTICE']);
const NEVER = [
  /\.test\.[cm]?[jt]s$/,
  /\.test\.d\.ts$/,
  /(^|\/)fixtures?\//,
  /^src\/testing\//,
  /^dist\/testing\//,
  /(^|\/)vitest\.config\./,
  /(^|\/)tsconfig(\.[a-z]+)?\.json$/,
  /\.tsbuildinfo$/,
  // type-only: its .js is `export {}`, the types ship as dist/generated/docker-api.d.ts
  /^src\/generated\/docker-api\.ts$/,
];

/** The files of a tarball listing that must not ship. Pure. */
export function unwanted(files: readonly string[]): string[] {
  return files.filter((f) => (!TOP_LEVEL.has(f) && !/^(dist|src|bin)\//.test(f)) || NEVER.some((re) => re.test(f)));
}

/** Sources named by the shipped maps (`maps`: map path -> its `sources`) that the tarball lacks. Pure. */
export function missingSources(files: readonly string[], maps: ReadonlyMap<string, readonly string[]>): string[] {
  const shipped = new Set(files);
  return [...maps].flatMap(([map, sources]) =>
    sources.map((s) => path.posix.join(path.posix.dirname(map), s)).filter((s) => !shipped.has(s)).map((s) => `${map} -> ${s}`),
  );
}

/** The file paths an `exports` map points at, however nested its conditions. Pure. */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.values(exports).flatMap(exportTargets);
}

interface PackResult {
  name: string;
  files: { path: string }[];
}

async function packListings(): Promise<Map<string, string[]>> {
  const args = ['pack', '--dry-run', '--json', '--ignore-scripts', ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`])];
  const { stdout } = await promisify(execFile)('npm', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const results = JSON.parse(stdout) as PackResult[];
  return new Map(results.map((r) => [r.name, r.files.map((f) => f.path)]));
}

function manifest(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
}

describe('unwanted (the rule can fail)', () => {
  it.each([
    ['a unit test', 'src/replay-engine.test.ts', true],
    ['a fixture', 'src/fixtures/a.har', true],
    ['a test helper', 'src/testing/sample-entry.ts', true],
    ['the type-only generated source', 'src/generated/docker-api.ts', true],
    ['a stray top-level file', 'vitest.config.ts', true],
    ['a build output', 'dist/index.js', false],
    ['a source a map names', 'src/generated/operations.ts', false],
    ['the bin', 'bin/docktape.js', false],
    ['the licence', 'LICENSE', false],
  ])('%s', (_name, file, bad) => {
    expect(unwanted([file])).toEqual(bad ? [file] : []);
  });

  it('missingSources names a map whose source is not shipped', () => {
    const maps = new Map([['dist/a.js.map', ['../src/a.ts']]]);
    expect(missingSources(['dist/a.js'], maps)).toEqual(['dist/a.js.map -> src/a.ts']);
    expect(missingSources(['dist/a.js', 'src/a.ts'], maps)).toEqual([]);
  });
});

describe('npm pack of every package', async () => {
  const listings = await packListings();

  it('packs every package under packages/', () => {
    expect([...listings.keys()].sort()).toEqual(PACKAGES.map((p) => manifest(p).name).sort());
  });

  it.each(PACKAGES)('%s: no test, fixture or unneeded source; every mapped source; README, dist entry', (dir) => {
    const files = listings.get(manifest(dir).name)!;
    expect(unwanted(files)).toEqual([]);
    const maps = new Map(
      files
        .filter((f) => f.endsWith('.js.map'))
        .map((f) => [f, (JSON.parse(readFileSync(path.join(ROOT, 'packages', dir, f), 'utf8')) as { sources: string[] }).sources] as const),
    );
    expect(missingSources(files, maps)).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
    // every file `exports` and `bin` point at is in the tarball
    const targets = [...exportTargets(manifest(dir).exports), ...Object.values(manifest(dir).bin ?? {})].map((t) => String(t).replace(/^\.\//, ''));
    expect(targets.filter((t) => !files.includes(t))).toEqual([]);
  });

  it.each(PACKAGES)('%s: metadata a consumer relies on', (dir) => {
    const pkg = manifest(dir);
    expect(pkg.license).toBe('Apache-2.0');
    expect(pkg.repository).toMatchObject({ type: 'git', directory: `packages/${dir}` });
    expect(pkg.engines?.node).toBeTruthy();
    // prepack builds, then copies the root LICENSE (and NOTICE for the moby-derived api types)
    expect(pkg.scripts.prepack).toMatch(/turbo run build --filter=@docktape\/\S+ .*&& cp \.\.\/\.\.\/LICENSE/);
    if (dir === 'api') expect(pkg.scripts.prepack).toContain('../../NOTICE');
    for (const entry of Object.values(pkg.exports) as unknown[]) {
      if (typeof entry === 'object' && entry) expect(Object.keys(entry)[0]).toBe('types');
    }
    const siblings = Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies }).filter(([name]) => name.startsWith('@docktape/'));
    for (const [name, range] of siblings) expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
  });
});
