import { describe, expect, it } from 'vitest';
import { isLoopback, listenUrl, parseListenAddress } from './listen-address.js';

describe('parseListenAddress', () => {
  const table: Array<[string, ReturnType<typeof parseListenAddress> | RegExp]> = [
    ['127.0.0.1:2375', { kind: 'tcp', host: '127.0.0.1', port: 2375 }],
    ['tcp://127.0.0.1:0', { kind: 'tcp', host: '127.0.0.1', port: 0 }],
    ['tcp://[::1]:2375/', { kind: 'tcp', host: '::1', port: 2375 }],
    [':8080', { kind: 'tcp', host: '127.0.0.1', port: 8080 }],
    ['localhost:1', { kind: 'tcp', host: 'localhost', port: 1 }],
    ['unix:///tmp/d.sock', { kind: 'unix', path: '/tmp/d.sock' }],
    ['unix://relative.sock', /absolute path/],
    ['127.0.0.1', /expected HOST:PORT/],
    ['127.0.0.1:70000', /out of range/],
    ['http://127.0.0.1:80', /expected HOST:PORT/],
  ];
  it.each(table)('%s', (given, want) => {
    if (want instanceof RegExp) expect(() => parseListenAddress(given)).toThrow(want);
    else expect(parseListenAddress(given)).toEqual(want);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['localhost', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.2', false],
    ['example.com', false],
  ])('%s -> %s', (host, want) => expect(isLoopback(host)).toBe(want));
});

describe('listenUrl', () => {
  it.each([
    [{ kind: 'tcp', host: '127.0.0.1', port: 1234 } as const, 'tcp://127.0.0.1:1234'],
    [{ kind: 'tcp', host: '::1', port: 1 } as const, 'tcp://[::1]:1'],
    [{ kind: 'unix', path: '/run/x.sock' } as const, 'unix:///run/x.sock'],
  ])('%j -> %s', (given, want) => expect(listenUrl(given)).toBe(want));
});
