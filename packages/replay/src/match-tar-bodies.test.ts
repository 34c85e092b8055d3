/** Tar bodies in compareRequest: by manifest under the default `tar-content`, by bytes otherwise. */
import { describe, expect, it } from 'vitest';
import { compareRequest, type ComparableRequest, type MatchOptions, type RequestBodyFacts } from './match-request.js';
import type { TarEntryFacts, TarReading } from './tar-manifest.js';

const PUT = (body: RequestBodyFacts | undefined, path = '/containers/abc/archive'): ComparableRequest => ({ method: 'PUT', path, query: [['path', '/tmp']], body });
const entry = (name: string, over: Partial<TarEntryFacts> = {}): TarEntryFacts => ({ name, type: 'file', mode: 0o644, size: 6, linkname: '', sha256: 'c'.repeat(64), ...over });
const tarBody = (sha256: string, entries: TarEntryFacts[]): RequestBodyFacts => ({ size: 2048, sha256, tar: { kind: 'tar', entries } });
const other = (sha256: string, tar?: TarReading): RequestBodyFacts => ({ size: 2048, sha256, ...(tar ? { tar } : {}) });

describe('compareRequest with tar bodies', () => {
  const cases: [string, { live: ComparableRequest; recorded: ComparableRequest; options?: MatchOptions; want: string[] }][] = [
    ['same files, other bytes (mtimes): a match by default', { live: PUT(tarBody('aaa', [entry('f')])), recorded: PUT(tarBody('bbb', [entry('f')])), want: [] }],
    ['same files, other bytes, exact: a difference', { live: PUT(tarBody('aaa', [entry('f')])), recorded: PUT(tarBody('bbb', [entry('f')])), options: { binaryBodies: 'exact' }, want: ['body of 2048 bytes (sha256 aaa), recorded 2048 bytes (sha256 bbb)'] }],
    ['other files, ignore: no difference', { live: PUT(tarBody('aaa', [entry('f')])), recorded: PUT(tarBody('bbb', [entry('g')])), options: { binaryBodies: 'ignore' }, want: [] }],
    ['a changed entry is named', { live: PUT(tarBody('aaa', [entry('f', { mode: 0o600 })])), recorded: PUT(tarBody('bbb', [entry('f')])), want: ['tar entry f changed: mode 0600, recorded 0644'] }],
    ['on any endpoint (a tar is a tar)', { live: PUT(tarBody('aaa', [entry('f')]), '/build'), recorded: PUT(tarBody('bbb', [entry('f')]), '/build'), want: [] }],
    ['recorded manifest not read: bytes', { live: PUT(tarBody('aaa', [entry('f')])), recorded: PUT(other('bbb')), want: ['body of 2048 bytes (sha256 aaa), recorded 2048 bytes (sha256 bbb)'] }],
    [
      'a live body claiming a tar by its endpoint that is not one: bytes, and says so',
      { live: PUT(other('aaa', { kind: 'not-tar', why: 'Invalid tar header' })), recorded: PUT(tarBody('bbb', [entry('f')])), want: ['body of 2048 bytes (sha256 aaa), recorded 2048 bytes (sha256 bbb), compared by bytes: the live body claims to be a tar (PUT .../archive) but is not one (Invalid tar header)'] },
    ],
    [
      'claimed by its Content-Type',
      { live: PUT(other('aaa', { kind: 'not-tar', why: 'Unexpected end of data', claimedBy: 'Content-Type application/x-tar' }), '/build'), recorded: PUT(other('bbb'), '/build'), want: ['body of 2048 bytes (sha256 aaa), recorded 2048 bytes (sha256 bbb), compared by bytes: the live body claims to be a tar (Content-Type application/x-tar) but is not one (Unexpected end of data)'] },
    ],
    [
      'a corrupt recorded tar',
      { live: PUT(tarBody('aaa', [entry('f')])), recorded: PUT(other('bbb', { kind: 'not-tar', why: 'Unexpected end of data', claimedBy: 'a tar header' })), want: ['body of 2048 bytes (sha256 aaa), recorded 2048 bytes (sha256 bbb), compared by bytes: the recorded body claims to be a tar (a tar header) but is not one (Unexpected end of data)'] },
    ],
    ['a corrupt tar with the recorded bytes still matches', { live: PUT(other('aaa', { kind: 'not-tar', why: 'x' })), recorded: PUT(other('aaa', { kind: 'not-tar', why: 'x' })), want: [] }],
    ['a body that is not a tar and claims nothing: bytes, no note', { live: PUT(other('aaa', { kind: 'not-tar', why: 'x' }), '/images/load'), recorded: PUT(other('bbb'), '/images/load'), want: ['body of 2048 bytes (sha256 aaa), recorded 2048 bytes (sha256 bbb)'] }],
  ];
  it.each(cases)('%s', (_name, { live, recorded, options, want }) => {
    const got = compareRequest(live, recorded, options);
    expect(got.differences).toEqual(want);
    expect(got.score === 0).toBe(want.length === 0);
  });
});
