/**
 * The engine stays pure: no engine file imports msw or a socket/HTTP/stream module, nor an
 * adapter (which would bring them in). Only the adapters listed here may. A new file is an
 * engine file unless it is added to ADAPTERS, on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
/**
 * The thin adapters over the engine (legacy-upgrade.ts: the replay daemon's socket wiring), and
 * the barrels that re-export both sides (index.ts) or the daemon's (daemon.ts); suite/start-tape.ts wires both adapters (and the
 * recording proxy) for a user's suite, suite/index.ts is its barrel.
 */
const ADAPTERS = new Set(['msw-handlers.ts', 'ws-replay.ts', 'replay-daemon.ts', 'legacy-upgrade.ts', 'index.ts', 'daemon.ts', 'suite/start-tape.ts', 'suite/index.ts']);
/** What the engine must not reach: msw, sockets and HTTP, Node streams, and the listening package (sockets). */
const FORBIDDEN = [/^msw(\/|$)/, /^@mswjs\//, /^(node:)?(http|https|http2|net|tls|dgram|stream)(\/|$)/, /^@docktape\/listen$/];

/** Every module a file imports or re-exports, from its import lines. */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const re of [/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]/g]) {
    for (const m of source.matchAll(re)) specifiers.push(m[1]!);
  }
  return specifiers;
}

/** The imports of an engine file that break its purity. */
function impureImports(source: string): string[] {
  return importsOf(source).filter((s) => FORBIDDEN.some((re) => re.test(s)) || (s.startsWith('.') && ADAPTERS.has(path.basename(s).replace(/\.js$/, '.ts'))));
}

function engineFiles(): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = path.relative(SRC, path.join(entry.parentPath, entry.name));
    if (!ADAPTERS.has(file)) out.push(file);
  }
  return out.sort();
}

describe('impureImports', () => {
  it.each([
    ['msw', `import { http } from 'msw';`, ['msw']],
    ['msw/node', `import { setupServer } from 'msw/node';`, ['msw/node']],
    ['node:http, type only', `import type { IncomingMessage } from 'node:http';`, ['node:http']],
    ['bare net', `import net from 'net';`, ['net']],
    ['node:stream/promises', `import { pipeline } from 'node:stream/promises';`, ['node:stream/promises']],
    ['a multi-line import of the listening package', `import {\n  listenOn,\n  rawResponseHead,\n} from '@docktape/listen';`, ['@docktape/listen']],
    ['a re-export of an adapter', `export { startReplayDaemon } from './replay-daemon.js';`, ['./replay-daemon.js']],
    ['a dynamic import', `const m = await import('node:net');`, ['node:net']],
    ['pure imports', `import { createHash } from 'node:crypto';\nimport { readFile } from 'node:fs/promises';\nimport type { HarEntry } from '@docktape/recording';\nimport { where } from './replay-engine.js';`, []],
  ])('%s', (_name, source, want) => expect(impureImports(source)).toEqual(want));
});

describe('the engine files', () => {
  const files = engineFiles();

  it('include the engine proper (so a rename cannot empty this check)', () => {
    expect(files).toEqual(
      expect.arrayContaining(['answer-request.ts', 'replay-engine.ts', 'response-plan.ts', 'hijack-plan.ts', 'hijack-replay.ts', 'websocket-plan.ts', 'load-fixtures.ts', 'request-facts.ts', 'match-request.ts']),
    );
  });

  it.each(files)('%s imports neither msw, sockets, HTTP, streams nor an adapter', (file) => {
    expect(impureImports(readFileSync(path.join(SRC, file), 'utf8'))).toEqual([]);
  });

  it('the adapters do import them (the check reads real import lines)', () => {
    expect(impureImports(readFileSync(path.join(SRC, 'msw-handlers.ts'), 'utf8'))).toContain('msw');
    expect(impureImports(readFileSync(path.join(SRC, 'replay-daemon.ts'), 'utf8'))).toEqual(expect.arrayContaining(['node:http', 'node:net', '@docktape/listen']));
  });
});
