import { describe, expect, it } from 'vitest';
import { archiveEndpoint, tarDifferences, type TarEntryFacts } from './tar-manifest.js';

const file = (name: string, over: Partial<TarEntryFacts> = {}): TarEntryFacts => ({ name, type: 'file', mode: 0o644, size: 3, linkname: '', sha256: 'a'.repeat(64), ...over });
const dir = (name: string): TarEntryFacts => ({ name, type: 'directory', mode: 0o755, size: 0, linkname: '', sha256: 'e3b0c44298fc'.padEnd(64, '0') });

describe('tarDifferences', () => {
  const cases: [string, { live: TarEntryFacts[]; recorded: TarEntryFacts[]; want: string[] }][] = [
    ['same entries', { live: [dir('d'), file('d/a')], recorded: [dir('d'), file('d/a')], want: [] }],
    ['order does not matter', { live: [file('b'), file('a')], recorded: [file('a'), file('b')], want: [] }],
    ['no entries on either side', { live: [], recorded: [], want: [] }],
    ['an entry added', { live: [file('a'), file('b')], recorded: [file('a')], want: ['tar entry b added (file 0644, 3 bytes), not in the recording'] }],
    ['an entry missing', { live: [], recorded: [file('a')], want: ['tar entry a missing: recorded (file 0644, 3 bytes), not sent'] }],
    ['a renamed entry is one missing and one added', { live: [file('new')], recorded: [file('old')], want: ['tar entry new added (file 0644, 3 bytes), not in the recording', 'tar entry old missing: recorded (file 0644, 3 bytes), not sent'] }],
    ['mode', { live: [file('a', { mode: 0o600 })], recorded: [file('a')], want: ['tar entry a changed: mode 0600, recorded 0644'] }],
    ['content of the same size', { live: [file('a', { sha256: 'b'.repeat(64) })], recorded: [file('a')], want: ['tar entry a changed: content sha256 bbbbbbbbbbbb, recorded aaaaaaaaaaaa'] }],
    ['size (the hash is not repeated)', { live: [file('a', { size: 4, sha256: 'b'.repeat(64) })], recorded: [file('a')], want: ['tar entry a changed: size 4, recorded 3'] }],
    ['type and link target', { live: [file('l', { type: 'symlink', size: 0, linkname: '/x' })], recorded: [file('l', { type: 'symlink', size: 0, linkname: '/y' })], want: ['tar entry l changed: link target "/x", recorded "/y"'] }],
    ['a file where a directory was', { live: [file('d', { mode: 0o755, size: 0 })], recorded: [{ ...dir('d'), sha256: 'a'.repeat(64) }], want: ['tar entry d changed: type file, recorded directory'] }],
    ['a symlink shown with its target', { live: [file('l', { type: 'symlink', size: 0, linkname: '/bin/busybox', mode: 0o777 })], recorded: [], want: ['tar entry l added (symlink 0777, 0 bytes -> /bin/busybox), not in the recording'] }],
    ['a name written twice is compared occurrence by occurrence', { live: [file('a'), file('a', { mode: 0o600 })], recorded: [file('a'), file('a')], want: ['tar entry a (#2) changed: mode 0600, recorded 0644'] }],
    [
      'past five entries the rest are counted',
      { live: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => file(n)), recorded: [], want: [...['a', 'b', 'c', 'd', 'e'].map((n) => `tar entry ${n} added (file 0644, 3 bytes), not in the recording`), 'and 2 more tar entries differ'] },
    ],
  ];
  it.each(cases)('%s', (_name, { live, recorded, want }) => expect(tarDifferences(live, recorded)).toEqual(want));
});

describe('archiveEndpoint', () => {
  it.each([
    ['PUT', '/containers/abc/archive', true],
    ['GET', '/containers/abc/archive', false],
    ['HEAD', '/containers/abc/archive', false],
    ['PUT', '/containers/abc/archive/x', false],
    ['POST', '/build', false],
  ] as const)('%s %s: %s', (method, path, want) => expect(archiveEndpoint(method, path)).toBe(want));
});
