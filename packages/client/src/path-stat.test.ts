import { describe, expect, it } from 'vitest';
import { decodePathStat, GoFileMode } from './path-stat.js';

const header = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64');
const mtime = '2024-05-01T10:00:00.123456789Z';

describe('decodePathStat', () => {
  // Values as a Docker 20.10 daemon sends them (mode is Go's os.FileMode).
  const cases: [string, { given: object; want: object }][] = [
    ['directory /etc (dir bit is the sign bit of int32)', { given: { name: 'etc', size: 4096, mode: 2147484141, mtime, linkTarget: '' }, want: { isDirectory: true, isSymlink: false, isFile: false, permissions: 0o755, size: 4096 } }],
    ['regular file', { given: { name: 'passwd', size: 52, mode: 0o644, mtime, linkTarget: '' }, want: { isDirectory: false, isSymlink: false, isFile: true, permissions: 0o644, size: 52 } }],
    ['symlink', { given: { name: 'sh', size: 7, mode: GoFileMode.Symlink + 0o777, mtime, linkTarget: '/bin/busybox' }, want: { isDirectory: false, isSymlink: true, isFile: false, linkTarget: '/bin/busybox' } }],
    ['setuid file is still a regular file', { given: { name: 'su', size: 1, mode: GoFileMode.Setuid + 0o755, mtime, linkTarget: '' }, want: { isFile: true, permissions: 0o755 } }],
    ['named pipe', { given: { name: 'p', size: 0, mode: GoFileMode.NamedPipe + 0o600, mtime, linkTarget: '' }, want: { isFile: false, isDirectory: false, isSymlink: false } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(decodePathStat(header(given))).toMatchObject({ ...given, ...want });
  });

  const broken: [string, { given: string | undefined; error: RegExp }][] = [
    ['missing header', { given: undefined, error: /sent no x-docker-container-path-stat/ }],
    ['not JSON', { given: Buffer.from('nope').toString('base64'), error: /not base64 JSON/ }],
    ['no mode', { given: header({ name: 'x', size: 1 }), error: /lacks name, size or mode/ }],
  ];
  it.each(broken)('%s', (_name, { given, error }) => {
    expect(() => decodePathStat(given)).toThrow(error);
  });
});
