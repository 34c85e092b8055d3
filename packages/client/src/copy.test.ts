import { describe, expect, it } from 'vitest';
import { linkTargetPath, resolveDestination } from './copy.js';

describe('resolveDestination (docker cp rules)', () => {
  const dir = { isDirectory: true };
  const file = { isDirectory: false };
  const cases: [string, { dest: string; stat: { isDirectory: boolean } | undefined; want: { dir: string; name: string } }][] = [
    ['existing directory receives the file under its own name', { dest: '/tmp', stat: dir, want: { dir: '/tmp', name: 'src.bin' } }],
    ['existing directory given with a trailing slash', { dest: '/tmp/', stat: dir, want: { dir: '/tmp/', name: 'src.bin' } }],
    ['existing file is replaced', { dest: '/etc/motd', stat: file, want: { dir: '/etc', name: 'motd' } }],
    ['missing path names the new file', { dest: '/tmp/new.txt', stat: undefined, want: { dir: '/tmp', name: 'new.txt' } }],
    ['relative path', { dest: 'data/x', stat: undefined, want: { dir: 'data', name: 'x' } }],
  ];
  it.each(cases)('%s', (_name, { dest, stat, want }) => {
    expect(resolveDestination(dest, stat, 'src.bin')).toEqual(want);
  });

  const errors: [string, { dest: string; stat: { isDirectory: boolean } | undefined; error: RegExp }][] = [
    ['missing directory (trailing slash)', { dest: '/nope/', stat: undefined, error: /destination directory \/nope\/ does not exist/ }],
    ['a file named as a directory', { dest: '/etc/motd/', stat: file, error: /is not a directory/ }],
  ];
  it.each(errors)('%s', (_name, { dest, stat, error }) => {
    expect(() => resolveDestination(dest, stat, 'src.bin')).toThrow(error);
  });
});

describe('linkTargetPath', () => {
  const cases: [string, { link: string; target: string; want: string }][] = [
    ['absolute target', { link: '/bin/sh', target: '/bin/busybox', want: '/bin/busybox' }],
    ['relative target is relative to the link directory', { link: '/usr/bin/env', target: '../../bin/busybox', want: '/bin/busybox' }],
    ['sibling', { link: '/data/link', target: 'file.txt', want: '/data/file.txt' }],
  ];
  it.each(cases)('%s', (_name, { link, target, want }) => {
    expect(linkTargetPath(link, target)).toBe(want);
  });
});
