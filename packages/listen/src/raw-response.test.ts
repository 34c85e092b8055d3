import { expect, it } from 'vitest';
import { rawJsonResponse, rawResponseHead } from './raw-response.js';

it.each([
  ['no headers', 101, 'UPGRADED', [], 'HTTP/1.1 101 UPGRADED\r\n\r\n'],
  ['headers in order', 200, 'OK', [['Content-Type', 'application/vnd.docker.raw-stream'], ['Api-Version', '1.40']], 'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nApi-Version: 1.40\r\n\r\n'],
] as const)('rawResponseHead: %s', (_name, status, text, headers, want) => {
  expect(rawResponseHead(status, text, headers)).toBe(want);
});

it('rawJsonResponse counts the body in bytes and closes', () => {
  const body = '{"message":"é"}\n';
  expect(rawJsonResponse(502, 'Bad Gateway', body, [['X-Docktape-Replay', 'no-match']]).toString('utf8')).toBe(
    'HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nX-Docktape-Replay: no-match\r\nContent-Length: 17\r\nConnection: close\r\n\r\n' + body,
  );
});
