import { describe, expect, it } from 'vitest';
import { DockerConnectionError } from './errors.js';

const failure = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('DockerConnectionError says which host was tried and what to do', () => {
  it.each([
    ['no socket there', 'ENOENT', 'unix:///var/run/docker.sock', /^cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock: ENOENT \(is the Docker daemon running there\? Point elsewhere with DOCKER_HOST \(unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/host:2375\) or the client's host option\)$/],
    ['nothing listening', 'ECONNREFUSED', 'tcp://127.0.0.1:2375', /at tcp:\/\/127\.0\.0\.1:2375: ECONNREFUSED \(is the Docker daemon running there\? Point elsewhere with DOCKER_HOST/],
    ['no permission', 'EACCES', 'unix:///var/run/docker.sock', /EACCES \(no permission on the socket/],
  ])('%s', (_name, code, host, want) => {
    const err = new DockerConnectionError(host, failure(code));
    expect(err.message).toMatch(want);
    expect(err).toMatchObject({ host, code });
  });
});
