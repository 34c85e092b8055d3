import { describe, expect, it } from 'vitest';
import type { RecordingStop } from '@docktape/recording';
import { incompleteOnExit, recordingStopped } from './recording-stop.js';

const stop: RecordingStop = {
  reason: 'ENOSPC: no space left on device, write',
  file: 'blobs/.tmp-abc',
  at: '2024-01-01T00:00:00.000Z',
  path: '/rec/blobs/.tmp-abc',
  journal: '/rec/r.har.jsonl',
  entries: 1,
  marked: true,
  lost: false,
};

describe('recordingStopped', () => {
  it.each([
    ['a full disk', stop, ['cannot write /rec/blobs/.tmp-abc: ENOSPC', 'still forwarded', 'the 1 exchange finished before stay readable in /rec/r.har.jsonl, marked incomplete', 'Free space']],
    [
      'a journal that cannot be marked',
      { ...stop, entries: 3, marked: false, markError: 'EIO: i/o error, write' },
      ['the 3 exchanges finished before', 'could not be marked incomplete (EIO: i/o error, write)'],
    ],
    [
      'a removed folder',
      { ...stop, reason: 'the journal was deleted', path: '/rec/r.har.jsonl', lost: true, marked: false },
      ['the recording folder /rec was removed', 'still forwarded', 'nothing of this recording is left on disk'],
    ],
  ])('%s: says what failed, that traffic goes on, what is kept and what to do', (_name, given, want) => {
    const message = recordingStopped(given);
    for (const part of want) expect(message).toContain(part);
  });
});

describe('incompleteOnExit', () => {
  it.each([
    ['finished as a .har', '/rec/r.har', ['stopped at 2024-01-01T00:00:00.000Z', 'blobs/.tmp-abc: ENOSPC', 'finished before are in /rec/r.har']],
    ['left as a journal', '/rec/r.har.jsonl', ['in /rec/r.har.jsonl (a journal: no .har could be written there']],
  ])('%s', (_name, file, want) => {
    const line = incompleteOnExit(stop, file);
    expect(line).toMatch(/^recording incomplete: /);
    for (const part of want) expect(line).toContain(part);
  });
});
