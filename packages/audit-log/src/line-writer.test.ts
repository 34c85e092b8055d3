import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLineWriter } from './line-writer.js';
import { AuditLogError } from './audit-log-error.js';

/** A stream that accepts writes but completes none until released: a stuck disk. */
function stuckStream() {
  const pending: (() => void)[] = [];
  const lines: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, callback) {
      lines.push(chunk.toString());
      pending.push(() => callback());
    },
  });
  return { stream, lines, release: () => pending.splice(0).forEach((done) => done()) };
}

describe('AuditLineWriter', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('drops and counts lines past the bound, and says how many once the stream drains', async () => {
    const { stream, release } = stuckStream();
    const warn = vi.fn();
    const writer = AuditLineWriter.over(stream, { maxPendingBytes: 100, warn });
    for (let i = 0; i < 20; i++) writer.write({ i, padding: 'x'.repeat(20) });
    expect(writer.written).toBeGreaterThan(0);
    expect(writer.dropped).toBe(20 - writer.written);
    expect(writer.dropped).toBeGreaterThan(0);
    expect(warn).not.toHaveBeenCalled();
    // the stream completes its first write only; each completion lets the next one through
    while (stream.writableLength > 0) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${writer.dropped} lines dropped`)));
  });

  it('writes one whole JSON line per event', async () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _e, cb) => (chunks.push(chunk.toString()), cb()) });
    const writer = AuditLineWriter.over(stream);
    writer.write({ a: 1 });
    writer.write({ b: 'two\nlines' });
    await writer.close();
    expect(chunks).toEqual(['{"a":1}\n', '{"b":"two\\nlines"}\n']);
  });

  it('reports a failing stream once and counts later lines as dropped', async () => {
    const stream = new Writable({ write: (_c, _e, cb) => cb(new Error('ENOSPC: no space left on device')) });
    const warn = vi.fn();
    const writer = AuditLineWriter.over(stream, { warn });
    writer.write({ a: 1 });
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(warn.mock.calls[0]![0]).toMatch(/failed.*ENOSPC/);
    writer.write({ a: 2 });
    writer.write({ a: 3 });
    expect(writer.dropped).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('reopens at the same path after a rotation (SIGHUP)', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-'));
    const file = path.join(dir, 'audit.jsonl');
    const writer = AuditLineWriter.open(file);
    writer.write({ n: 1 });
    await rename(file, `${file}.1`);
    writer.reopen();
    writer.write({ n: 2 });
    await writer.close();
    expect(await readFile(`${file}.1`, 'utf8')).toBe('{"n":1}\n');
    expect(await readFile(file, 'utf8')).toBe('{"n":2}\n');
  });

  it('refuses an unwritable path at once', () => {
    expect(() => AuditLineWriter.open('/proc/docktape/no/audit.jsonl')).toThrow(AuditLogError);
    expect(() => AuditLineWriter.open('/proc/docktape/no/audit.jsonl')).toThrow(/cannot write the audit log \/proc\/docktape\/no\/audit.jsonl/);
  });
});
