import { describe, expect, it } from 'vitest';
import type { Recording } from '@docktape/recording';
import { incompleteNotes } from './load-fixtures.js';

const info = { formatVersion: 1, proxyVersion: 't', target: 'unix:///d.sock', startedDateTime: '2024-01-01T00:00:00.000Z' };
const recording = (file: string, incomplete?: Recording['info']['incomplete']): Recording => ({
  file,
  info: incomplete ? { ...info, incomplete } : info,
  entries: [],
  fromJournal: false,
  warnings: [],
});

describe('incompleteNotes', () => {
  it.each([
    ['a whole recording says nothing', [recording('/f/a.har')], []],
    [
      'one that stopped names the file, when, why, and what it holds',
      [recording('/f/a.har'), recording('/f/b.har', { reason: 'ENOSPC: no space left on device, write', file: 'blobs/.tmp-1', at: '2024-01-01T00:01:00.000Z' })],
      [
        '/f/b.har is incomplete: recording stopped at 2024-01-01T00:01:00.000Z (blobs/.tmp-1: ENOSPC: no space left on device, write); ' +
          'it holds the 0 exchanges finished before that, none after',
      ],
    ],
  ])('%s', (_name, given, want) => expect(incompleteNotes(given)).toEqual(want));
});
