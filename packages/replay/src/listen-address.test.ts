import { describe, expect, it } from 'vitest';
import { parseListen, type ListenAddress } from './listen-address.js';

describe('parseListen', () => {
  const cases: [string, ListenAddress | 'error'][] = [
    ['127.0.0.1:2375', { kind: 'tcp', host: '127.0.0.1', port: 2375 }],
    ['tcp://127.0.0.1:0', { kind: 'tcp', host: '127.0.0.1', port: 0 }],
    [':2375', { kind: 'tcp', host: '127.0.0.1', port: 2375 }],
    ['[::1]:80', { kind: 'tcp', host: '::1', port: 80 }],
    ['unix:///tmp/r.sock', { kind: 'unix', path: '/tmp/r.sock' }],
    ['unix://relative.sock', 'error'],
    ['localhost', 'error'],
    ['127.0.0.1:99999', 'error'],
  ];
  it.each(cases)('%s', (given, want) => {
    if (want === 'error') expect(() => parseListen(given)).toThrow(/--listen/);
    else expect(parseListen(given)).toEqual(want);
  });
});
