/**
 * Corrupt or truncated fixtures (issue 10): copies of committed recordings, damaged one way
 * each, fail through the library (`loadFixtures`) and through the `docktape replay` process
 * (exit code 1, stderr) with the file, the entry and what is wrong; a journal whose last line
 * a killed proxy cut short is served without that exchange, with a warning; and a sidecar
 * body that changes after load is refused before its response head, so no wrong byte is
 * served. Committed fixtures are only ever copied, never modified.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEntry, type EntryRef, type RecordingProblem, type RecordingWarning, type HarEntry } from '@docktape/recording';
import { createReplayHandlers, loadFixtures, ReplayEngine, ReplayError, startReplayDaemon } from '@docktape/replay';
import { DOCKTAPE_BIN } from '../../tools/support/docktape-process.js';
import { FIXTURES } from './support/replay-harness.js';
import { replayInProcess } from './support/replay-in-process.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dt-corrupt-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

interface Copy {
  root: string;
  har: string;
  text: string;
  entries: HarEntry[];
}

async function copyOf(scenario: string): Promise<Copy> {
  const root = await mkdtemp(path.join(work, `${scenario}-`));
  await cp(path.join(FIXTURES, scenario), root, { recursive: true });
  const har = path.join(root, 'recording.har');
  const text = await readFile(har, 'utf8');
  return { root, har, text, entries: (JSON.parse(text) as { log: { entries: HarEntry[] } }).log.entries };
}

/** The recording as the journal a proxy writes while recording (header line, one entry per line), and no .har. */
async function asJournal(copy: Copy): Promise<{ journal: string; lines: string[] }> {
  const doc = JSON.parse(copy.text) as { log: { _docktape: unknown; entries: unknown[] } };
  const lines = [JSON.stringify({ docktapeJournal: doc.log._docktape }), ...doc.log.entries.map((e) => JSON.stringify(e))];
  const journal = `${copy.har}.jsonl`;
  await rm(copy.har);
  return { journal, lines };
}

const blobOf = (copy: Copy, content: { _file?: string }) => path.join(copy.root, content._file!);
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
const request = (e: HarEntry) => ({ method: e.request.method, url: e.request.url });

interface Expected {
  file: string;
  problem: RecordingProblem;
  detail: RegExp;
  /** Exactly what the error must say about the entry (undefined: the problem is not in one). */
  entry?: EntryRef;
}

/** One damage per case, made to a fresh copy; returns what the error must say. */
const DAMAGES: [string, (copy: Copy) => Promise<Expected>, string][] = [
  [
    'a .har cut mid-line',
    async (c) => {
      const lineStart = c.text.split('\n').slice(0, 11).join('\n').length + 1; // line 12 holds entry 10
      await writeFile(c.har, c.text.slice(0, lineStart + 300));
      return {
        file: c.har,
        problem: 'cut-short',
        detail: /^is cut short: it ends at line 12, column 301, in the middle of entry 10; entries 0 to 9 before it are whole$/,
        entry: { index: 10, line: 12, ...request(c.entries[10]!) },
      };
    },
    'json-ops',
  ],
  [
    'a .har.jsonl cut mid-line before its last line',
    async (c) => {
      const { journal, lines } = await asJournal(c);
      lines[6] = lines[6]!.slice(0, lines[6]!.indexOf('"httpVersion"')); // entry 5; more lines follow
      await writeFile(journal, lines.join('\n') + '\n');
      return {
        file: journal,
        problem: 'corrupt-json',
        detail: /^line 7 \(an entry\) is cut short, yet more lines follow it \(only the last line can be cut by a crash\)$/,
        entry: { index: 5, line: 7, ...request(c.entries[5]!) },
      };
    },
    'json-ops',
  ],
  [
    'a blob whose sha256 is not the recorded one',
    async (c) => {
      const blob = blobOf(c, c.entries[9]!.response.content);
      const bytes = await readFile(blob);
      bytes[1000] = bytes[1000]! ^ 0xff; // same size, other bytes
      await writeFile(blob, bytes);
      return {
        file: c.har,
        problem: 'blob-corrupt',
        detail: /^the response body in sidecar blobs\/[0-9a-f]{64} is corrupt: its sha256 is [0-9a-f]{64}, the entry says [0-9a-f]{64}$/,
        entry: { index: 9, seq: 9, ...request(c.entries[9]!) },
      };
    },
    'archive',
  ],
  [
    'a missing blob',
    async (c) => {
      await rm(blobOf(c, c.entries[1]!.request.postData!)); // a put's tar, first needed by entry 1
      return {
        file: c.har,
        problem: 'blob-missing',
        detail: /^the request body is in sidecar blobs\/[0-9a-f]{64}, which is missing \(.*\)$/,
        entry: { index: 1, seq: 1, ...request(c.entries[1]!) },
      };
    },
    'archive',
  ],
  [
    'a wrong format version',
    async (c) => {
      await writeFile(c.har, c.text.replace('"formatVersion":1', '"formatVersion":2'));
      return { file: c.har, problem: 'format-version', detail: /^unknown fixture format version 2 \(written by docktape proxy [^)]+\) \(this reader knows 1\)$/ };
    },
    'stats',
  ],
  [
    'a file that is not JSON at all',
    async (c) => {
      await writeFile(c.har, gzipSync(c.text)); // e.g. a compressed copy under the old name
      return { file: c.har, problem: 'not-json', detail: /^is not JSON at all \(it starts with "\\u001f/ };
    },
    'stats',
  ],
  [
    'an entry missing required fields',
    async (c) => {
      const doc = JSON.parse(c.text) as { log: { entries: { response: { status?: number } }[] } };
      delete doc.log.entries[2]!.response.status;
      await writeFile(c.har, JSON.stringify(doc));
      return {
        file: c.har,
        problem: 'bad-entry',
        detail: /^response\.status is missing: expected an HTTP status \(100 to 599, or 0 for none\)$/,
        entry: { index: 2, seq: c.entries[2]!._seq, ...request(c.entries[2]!) },
      };
    },
    'stats',
  ],
];

// The first damage through the bin (its own process: exit code 1, stderr), the others in this
// process through runReplayCli, what the bin calls: the same code path, without starting Node
// again for each.
const THROUGH = DAMAGES.map(([name, damage, scenario], i) => [name, damage, scenario, i === 0 ? replayProcess : replayInProcess] as const);

describe('a corrupt or truncated fixture fails at load, naming the file, the entry and what is wrong', () => {
  it.each(DAMAGES)('%s: loadFixtures rejects', async (_name, damage, scenario) => {
    const copy = await copyOf(scenario);
    const want = await damage(copy);
    const err = await loadFixtures(copy.root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplayError);
    const { code, fixture, message } = err as ReplayError;
    expect(code).toBe('fixture');
    expect({ file: fixture?.file, problem: fixture?.problem, entry: fixture?.entry }).toEqual({ file: want.file, problem: want.problem, entry: want.entry });
    expect(fixture!.detail).toMatch(want.detail);
    expect(message).toBe(`[docktape replay] ${want.file}${want.entry ? ` (${describeEntry(want.entry)})` : ''}: ${fixture!.detail}. ${fixture!.hint}`);
    if (want.entry) expect(message).toContain(`${want.entry.method} ${pathOf(want.entry.url!)}`);
    expect(fixture!.hint).toMatch(/\w{3,}/); // what to do
  });

  it.each(THROUGH)('%s: docktape replay exits 1 before listening, saying so on stderr', async (_name, damage, scenario, replay) => {
    const copy = await copyOf(scenario);
    const want = await damage(copy);
    const run = await replay(['--fixtures', copy.root, '--listen', '127.0.0.1:0']);
    expect(run.listening).toBe(false);
    expect(run.code).toBe(1);
    const where = `${want.file}${want.entry ? ` (${describeEntry(want.entry)})` : ''}: `;
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`docktape replay: cannot serve these fixtures: ${where}`)).toBe(true);
    const [detail, ...hint] = lines[0]!.slice(`docktape replay: cannot serve these fixtures: ${where}`.length).split('. ');
    expect(detail).toMatch(want.detail);
    expect(hint.join('. ')).toMatch(/\w{3,}/);
  });
});

/** A json-ops copy as the journal of a proxy killed while writing its last line. */
async function crashedJournal(): Promise<{ copy: Copy; journal: string; last: HarEntry }> {
  const copy = await copyOf('json-ops');
  const { journal, lines } = await asJournal(copy);
  const lastLine = lines.at(-1)!;
  await writeFile(journal, lines.slice(0, -1).join('\n') + '\n' + lastLine.slice(0, lastLine.indexOf('"response"')));
  return { copy, journal, last: copy.entries.at(-1)! };
}

describe('a journal whose last line a killed proxy cut short', () => {
  it('loads without that exchange and warns, naming the file and the entry', async () => {
    const { copy, journal, last } = await crashedJournal();
    const warnings: RecordingWarning[] = [];
    const [recording] = await loadFixtures(copy.root, { onWarning: (w) => warnings.push(w) });
    expect(recording!.entries).toEqual(copy.entries.slice(0, -1));
    const index = copy.entries.length - 1;
    expect(warnings).toEqual([
      {
        problem: 'journal-cut-short',
        file: journal,
        entry: { index, line: index + 2, ...request(last) },
        message: expect.stringMatching(/the last line is cut short \(\d+ bytes, no newline\): the proxy was killed while writing it, so this exchange is left out/),
      },
    ]);
    expect(warnings[0]!.message.startsWith(`${journal} (entry ${index}, line ${index + 2}: ${last.request.method} ${pathOf(last.request.url)}): `)).toBe(true);
  });
});

/** Another file under the blob's name, one byte different (as a checkout or a copy would replace it). */
async function replaceBlob(blob: string): Promise<Buffer> {
  const bytes = await readFile(blob);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  await writeFile(`${blob}.new`, bytes);
  await rename(`${blob}.new`, blob);
  return bytes;
}

function expectRefusal(status: number, header: string | null, body: string, copy: Copy, index: number): void {
  expect(status).toBe(500);
  expect(header).toBe('fixture');
  const { message } = JSON.parse(body) as { message: string };
  expect(message).toContain(`${copy.har} (entry ${index}, _seq ${index}: GET ${pathOf(copy.entries[index]!.request.url)}): the response body in sidecar blobs/`);
  expect(message).toMatch(/is corrupt: its sha256 is [0-9a-f]{64}, the entry says [0-9a-f]{64}\. /);
}

describe('no wrong bytes are served: a blob changed after load is refused before its response head', () => {
  it('through msw: a 500 naming the file and entry, never a 200', async () => {
    const copy = await copyOf('archive');
    const engine = new ReplayEngine(await loadFixtures(copy.root), { ids: 'recorded' });
    await replaceBlob(blobOf(copy, copy.entries[9]!.response.content));
    const server = setupServer(...createReplayHandlers(engine));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const res = await fetch(`http://docker${pathOf(copy.entries[9]!.request.url)}`);
      expectRefusal(res.status, res.headers.get('x-docktape-replay'), await res.text(), copy, 9);
    } finally {
      server.close();
    }
    expect(engine.errors.map((e) => [e.code, e.fixture?.problem, e.fixture?.entry?.index])).toEqual([['fixture', 'blob-corrupt', 9]]);
  });

  it('through msw with verifyBodies: when-served, a blob corrupt from the start is refused the same way', async () => {
    const copy = await copyOf('archive');
    await replaceBlob(blobOf(copy, copy.entries[9]!.response.content));
    const engine = new ReplayEngine(await loadFixtures(copy.root, { verifyBodies: 'when-served' }), { ids: 'recorded' });
    const server = setupServer(...createReplayHandlers(engine));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const res = await fetch(`http://docker${pathOf(copy.entries[9]!.request.url)}`);
      expectRefusal(res.status, res.headers.get('x-docktape-replay'), await res.text(), copy, 9);
    } finally {
      server.close();
    }
  });

  it('through the replay daemon: a hijacked stream gets a 500 instead of its 101', async () => {
    const copy = await copyOf('attach-ws');
    const engine = new ReplayEngine(await loadFixtures(copy.root), { ids: 'recorded' });
    const ws = copy.entries.find((e) => e._hijack)!;
    await replaceBlob(blobOf(copy, ws._hijack!.daemonToClient.content));
    const daemon = await startReplayDaemon(engine, { listen: '127.0.0.1:0' });
    try {
      const answer = await rawExchange(
        Number(new URL(daemon.url).port),
        `GET ${pathOf(ws.request.url)} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
      expect(answer).not.toContain('101');
      expect(answer).toContain('X-Docktape-Replay: fixture');
      expect(answer).toContain(`(entry ${copy.entries.indexOf(ws)}, _seq ${ws._seq}: GET /v1.40/containers/`);
      expect(answer).toMatch(/the hijacked stream from the daemon in sidecar blobs\/[0-9a-f]{64} is corrupt/);
    } finally {
      await daemon.close();
    }
  });
});

// What `docktape replay` the process adds to the two behaviours above (the warning on stderr,
// the 500 while serving, exit 0 on SIGTERM), shown by one process serving both copies: each
// start of the bin costs ~0.3 s of CPU on these 2-core machines, more than either check.
describe('through one docktape replay process: a crashed journal and a blob replaced while it runs', () => {
  let crashed: Awaited<ReturnType<typeof crashedJournal>>;
  let archive: Copy;
  let daemon: RunningReplay;
  beforeAll(async () => {
    crashed = await crashedJournal();
    archive = await copyOf('archive');
    const started = await startReplayProcess(['--fixtures', crashed.copy.root, '--fixtures', archive.root, '--listen', '127.0.0.1:0', '--ids', 'recorded']);
    if (!('url' in started)) throw new Error(`docktape replay exited with ${started.code} before listening:\n${started.stderr}`);
    daemon = started;
  });
  afterAll(() => daemon?.stop());

  it('docktape replay serves the entries before it and prints the warning', async () => {
    const { copy, journal } = crashed;
    const ping = copy.entries.find((e) => pathOf(e.request.url) === '/v1.40/containers/json?all=1') ?? copy.entries.find((e) => e.request.method === 'GET')!;
    const res = await fetch(daemon.url.replace('tcp://', 'http://') + pathOf(ping.request.url));
    expect(res.headers.get('x-docktape-replay')).toBeNull();
    expect(res.status).toBe(ping.response.status);
    // written at load, before the ready line (read from another pipe: waited for); what
    // follows it comes from the check below
    await vi.waitFor(() => expect(daemon.stderr()).toMatch(new RegExp(`^docktape replay: warning: ${escape(journal)} \\(entry ${copy.entries.length - 1}, line ${copy.entries.length + 1}: .*the last line is cut short`)));
  });

  it('through docktape replay: the blob replaced while it runs is answered 500, and stderr says why', async () => {
    const copy = archive;
    // what it wrote at load (the journal copy's warning) is in first, even when this check runs alone
    await vi.waitFor(() => expect(daemon.stderr()).toContain('the last line is cut short'));
    const before = daemon.stderr().length;
    await replaceBlob(blobOf(copy, copy.entries[9]!.response.content));
    const res = await fetch(daemon.url.replace('tcp://', 'http://') + pathOf(copy.entries[9]!.request.url));
    expectRefusal(res.status, res.headers.get('x-docktape-replay'), await res.text(), copy, 9);
    // what this check made it write
    await vi.waitFor(() =>
      expect(daemon.stderr().slice(before)).toMatch(new RegExp(`^\\[docktape replay\\] ${escape(copy.har)} \\(entry 9, _seq 9: GET [^)]+\\): the response body in sidecar blobs/[0-9a-f]{64} is corrupt`)),
    );
  });

  it('exits 0 on SIGTERM after both', async () => {
    expect(await daemon.stop()).toBe(0);
  });
});

interface ReplayRun {
  code: number | null;
  listening: boolean;
  stdout: string;
  stderr: string;
}

/** Runs `docktape replay <args>` to its exit, for fixtures it refuses before listening (it is stopped at once if it gets ready). */
async function replayProcess(args: string[]): Promise<ReplayRun> {
  const started = await startReplayProcess(args);
  if ('code' in started) return { ...started, listening: false };
  const code = await started.stop();
  return { code, listening: true, stdout: started.stdout(), stderr: started.stderr() };
}

interface RunningReplay {
  url: string;
  /** What it wrote to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** SIGTERM (once), then its exit code, once stdout and stderr are read to their end. */
  stop(): Promise<number | null>;
}

/** Starts `docktape replay <args>`: running once it prints its ready line, or its exit code if it exits first (a broken fixture). */
async function startReplayProcess(args: string[]): Promise<RunningReplay | { code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [DOCKTAPE_BIN, 'replay', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': by then stdout and stderr have been read to their end
  const exited = new Promise<number | null>((resolve) => child.once('close', (code: number | null) => resolve(code)));
  const ready = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^docktape replay listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  const first = await Promise.race([ready.then((url) => ({ url })), exited.then((code) => ({ code }))]);
  if ('code' in first) return { code: first.code, stdout, stderr };
  return {
    url: first.url,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Sends a raw request and returns what the server sent until it closed the connection, or only
 * the head if that is a 101 (an upgraded connection stays open: the test fails on it, at once).
 */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (/^HTTP\/1\.1 101 /.test(got) && got.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
