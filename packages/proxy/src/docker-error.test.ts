import { expect, it } from 'vitest';
import { errorBody, rawErrorResponse, unreachableDaemon } from './docker-error.js';

it.each([
  ['a plain message', 'cannot reach the Docker daemon', '{"message":"docktape proxy: cannot reach the Docker daemon"}\n'],
  ['quotes are escaped', 'bad "x"', '{"message":"docktape proxy: bad \\"x\\""}\n'],
])('errorBody: %s', (_name, message, want) => {
  expect(errorBody(message)).toBe(want);
});

it('rawErrorResponse is a whole response that counts its body in bytes and closes', () => {
  const body = '{"message":"docktape proxy: é"}\n';
  expect(rawErrorResponse(502, 'Bad Gateway', 'é').toString('utf8')).toBe(
    `HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});

it('unreachableDaemon names the daemon tried and how to point elsewhere', () => {
  const message = unreachableDaemon('unix:///var/run/docker.sock', 'connect ENOENT /var/run/docker.sock');
  expect(message).toMatch(/^cannot reach the Docker daemon at unix:\/\/\/var\/run\/docker\.sock: connect ENOENT \/var\/run\/docker\.sock \(/);
  expect(message).toContain('--target');
  expect(message).toContain('DOCKER_HOST');
});
