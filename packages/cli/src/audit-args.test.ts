import { describe, expect, it } from 'vitest';
import { parseAuditCli } from './audit-args.js';
import { progressLine, showsProgress, PROGRESS_FROM_FILES } from './audit-progress.js';
import { UsageError } from './usage-error.js';

describe('docktape audit arguments', () => {
  it.each([
    ['folders and files', ['a', 'b/c.har'], { kind: 'audit', paths: ['a', 'b/c.har'], json: false, strict: false }],
    ['every option', ['--json', '--strict', '--html', 'r.html', 'a'], { kind: 'audit', paths: ['a'], json: true, strict: true, html: 'r.html' }],
    ['help', ['-h'], { kind: 'help' }],
  ])('%s', (_name, argv, want) => {
    expect(parseAuditCli(argv)).toEqual(want);
  });
  it.each([
    ['nothing to read', [], 'name at least one folder'],
    ['an unknown flag', ['--jsn', 'a'], '--jsn'],
    ['--html without a file', ['a', '--html'], '--html'],
  ])('%s is a usage error', (_name, argv, message) => {
    expect(() => parseAuditCli(argv)).toThrow(UsageError);
    expect(() => parseAuditCli(argv)).toThrow(message);
  });
});

describe('audit progress', () => {
  it('only on a terminal, only for a large folder', () => {
    expect(showsProgress(true, PROGRESS_FROM_FILES)).toBe(true);
    expect(showsProgress(true, PROGRESS_FROM_FILES - 1)).toBe(false);
    expect(showsProgress(false, 10_000)).toBe(false);
    expect(showsProgress(undefined, 10_000)).toBe(false);
  });
  it('redraws one line', () => {
    expect(progressLine({ filesRead: 3, filesTotal: 40, entries: 120 })).toBe('\rdocktape audit: read 3/40 files, 120 entries\x1b[K');
  });
});
