import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordings } from './audit.js';
import { readForAudit } from './read-recordings.js';

const info = { formatVersion: 1, proxyVersion: '0.1.0', target: 'unix:///var/run/docker.sock', startedDateTime: '2026-12-03T10:00:00.000Z' };
const entry = (seq: number, url: string, body: string, extra: object = {}) => ({
  startedDateTime: '2026-12-03T10:00:00.000Z',
  time: 1,
  request: { method: 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    content: { size: Buffer.byteLength(body), mimeType: 'application/json', text: body },
    redirectURL: '',
    headersSize: -1,
    bodySize: Buffer.byteLength(body),
  },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
  _seq: seq,
  _kind: 'http',
  ...extra,
});

describe('readForAudit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-read-'));
    await mkdir(path.join(dir, 'set', 'blobs'), { recursive: true });
    // a journal of a proxy still running: header line, one whole entry, a last line cut short
    await writeFile(path.join(dir, 'set', 'run.har.jsonl'), `${JSON.stringify({ docktapeJournal: info })}\n${JSON.stringify(entry(0, 'http://docker/v1.40/containers/json', '[{"Id": 7}]'))}\n{"startedDa`);
    // a browser export: no _seq/_kind, base64 JSON body, a comment, an entry without a URL
    const browser = {
      log: {
        version: '1.2',
        creator: { name: 'Firefox', version: '140' },
        entries: [
          { comment: 'x', request: { method: 'get', url: 'http://localhost:2375/v1.40/version' }, response: { status: 200, headers: [], content: { mimeType: 'application/json', encoding: 'base64', text: Buffer.from('{"Version": 20}').toString('base64') } } },
          { request: { method: 'GET' }, response: { status: 200 } },
        ],
      },
    };
    await writeFile(path.join(dir, 'browser.har'), JSON.stringify(browser));
    await writeFile(path.join(dir, 'set', 'broken.har'), '{"log": {"_docktape": {}, "entries": [{"request"');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads journals and foreign HAR, says what was skipped, names a broken file and goes on', async () => {
    const progress: number[] = [];
    const read = await readForAudit([dir], { cwd: dir, onProgress: (p) => progress.push(p.filesRead) });
    expect(progress).toEqual([1, 2, 3]);
    const byName = Object.fromEntries(read.files.map((f) => [f.file, f]));
    expect(byName['browser.har']).toMatchObject({ format: 'har', entries: 1, skipped: [{ index: 1, reason: 'no request.url' }] });
    expect(byName['set/run.har.jsonl']).toMatchObject({ format: 'journal', entries: 1 });
    expect(byName['set/run.har.jsonl']!.warnings[0]).toContain('cut short');
    expect(byName['set/broken.har']!.error).toMatch(/cut short/);
    const version = read.exchanges.find((x) => x.url.endsWith('/version'))!;
    expect(version).toMatchObject({ method: 'GET', kind: 'http', file: 'browser.har', index: 0 });
    expect(version.seq).toBeUndefined();
    expect(version.body?.toString()).toBe('{"Version": 20}');
  });

  it('checks bodies offline: the foreign HAR and the journal show up as drift with their exchange', async () => {
    const report = await auditRecordings([dir], { cwd: dir });
    expect(report.summary.unreadableFiles).toBe(1);
    expect(report.violations.map((v) => [v.operationId, v.location, v.exchange.file])).toEqual([
      ['SystemVersion', '/Version', 'browser.har'],
      ['ContainerList', '/0/Id', 'set/run.har.jsonl'],
    ]);
  });
});
