import { describe, expect, it } from 'vitest';
import { ResponseHeadParser, parseResponseHead, rawHeader, serializeRequestHead } from './http-head.js';

describe('serializeRequestHead', () => {
  it('keeps header case and order as the client sent them', () => {
    const head = serializeRequestHead('POST', '/v1.40/containers/x/attach?stream=1', '1.1', ['Host', 'docker', 'Upgrade', 'tcp', 'Connection', 'Upgrade']);
    expect(head.toString()).toBe('POST /v1.40/containers/x/attach?stream=1 HTTP/1.1\r\nHost: docker\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n\r\n');
  });
});

describe('ResponseHeadParser', () => {
  const daemon101 = 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n';
  it.each([
    ['in one chunk', [daemon101 + 'abc']],
    ['split inside the blank line', [daemon101.slice(0, -2), '\r\nabc']],
    ['byte by byte', [...(daemon101 + 'abc')]],
  ])('parses a head %s and returns the bytes after it', (_name, chunks) => {
    const parser = new ResponseHeadParser();
    let rest = '';
    for (const c of chunks) rest += parser.push(Buffer.from(c, 'latin1')).toString('latin1');
    expect(parser.head).toMatchObject({ status: 101, statusText: 'UPGRADED', httpVersion: '1.1', size: daemon101.length });
    expect(rawHeader(parser.head!.rawHeaders, 'content-type')).toBe('application/vnd.docker.raw-stream');
    expect(rest).toBe('abc');
  });

  it('passes bytes through once the head is done', () => {
    const parser = new ResponseHeadParser();
    parser.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    expect(parser.push(Buffer.from('later')).toString()).toBe('later');
  });

  it.each([
    ['garbage\r\n', /not an HTTP status line/],
    ['HTTP/1.1 200 OK\r\nno colon', /malformed header line/],
  ])('rejects %j', (text, want) => {
    expect(parseResponseHead(text, text.length)).toMatch(want);
  });
});
