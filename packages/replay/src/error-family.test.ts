/**
 * One error family: whatever a public function of @docktape/replay throws, rejects with or
 * reports is a ReplayError whose message starts with the fixed prefix, with a code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFixtures } from './load-fixtures.js';
import { startReplayDaemon } from './replay-daemon.js';
import { ReplayEngine } from './replay-engine.js';
import { ReplayError, type ReplayErrorCode } from './replay-error.js';
import { parseTiming } from './timing.js';

const SRC = path.dirname(fileURLToPath(import.meta.url));

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  return undefined;
}

async function busyPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

describe('what the public functions throw', () => {
  const cases: [string, ReplayErrorCode, RegExp, () => unknown][] = [
    ['parseTiming with a bad value', 'usage', /timing "fast": expected none, recorded/, () => parseTiming('fast')],
    ['loadFixtures of a missing folder', 'fixture', /cannot list recordings/, () => loadFixtures('/nonexistent/docktape-fixtures')],
    [
      'loadFixtures of a folder without recordings',
      'fixture',
      /no recordings \(\.har or \.har\.jsonl\) here/,
      async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'dt-empty-'));
        try {
          return await loadFixtures(dir);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    ],
    ['startReplayDaemon on an address that does not parse', 'usage', /--listen nonsense: expected HOST:PORT/, () => startReplayDaemon([], { listen: 'nonsense' })],
    ['startReplayDaemon on a non-loopback address without --tlsverify', 'usage', /--insecure-remote/, () => startReplayDaemon([], { listen: '0.0.0.0:0' })],
    ['startReplayDaemon with a key TLS cannot use', 'usage', /./, () => startReplayDaemon([], { listen: '127.0.0.1:0', tls: { verifyClients: false, cert: 'not a certificate', key: 'not a key' } })],
    ['a take that matches nothing', 'unmatched', /no recorded exchange matches GET \/_ping: the recording is empty/, () => new ReplayEngine([]).take({ method: 'GET', url: '/_ping' })],
  ];
  it.each(cases)('%s: a ReplayError (%s) with the prefix', async (_name, code, message, run) => {
    const err = await failure(run);
    expect(err).toBeInstanceOf(ReplayError);
    expect((err as ReplayError).code).toBe(code);
    expect((err as ReplayError).message).toMatch(/^\[docktape replay\] /);
    expect((err as ReplayError).message).toMatch(message);
  });

  it('startReplayDaemon on a port in use: a ReplayError (listen) with the cause', async () => {
    const busy = await busyPort();
    try {
      const err = await failure(() => startReplayDaemon([], { listen: `127.0.0.1:${busy.port}` }));
      expect(err).toBeInstanceOf(ReplayError);
      expect(err).toMatchObject({ code: 'listen', message: expect.stringMatching(new RegExp(`^\\[docktape replay\\] cannot listen on tcp://127\\.0\\.0\\.1:${busy.port}: .*EADDRINUSE`)) });
      expect((err as ReplayError).cause).toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      busy.close();
    }
  });
});

describe('the sources', () => {
  const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.relative(SRC, path.join(e.parentPath, e.name)));

  it.each(files)('%s constructs no error but a ReplayError', (file) => {
    const source = readFileSync(path.join(SRC, file), 'utf8');
    const others = [...source.matchAll(/\bnew\s+([A-Z]\w*Error)\s*\(/g)].map((m) => m[1]).filter((name) => name !== 'ReplayError' && name !== 'RecordingError');
    expect(others).toEqual([]);
  });
});
