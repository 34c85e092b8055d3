import { describe, expect, it } from 'vitest';
import { buildEntry } from './har-entry.js';
import { isSecretBodyRequest, REDACTED } from './redact.js';

const base = {
  seq: 0,
  kind: 'http' as const,
  startedDateTime: '2024-01-01T00:00:00.000Z',
  waitMs: 1,
  totalMs: 2,
  response: { status: 200, statusText: 'OK', httpVersion: '1.1', rawHeaders: ['Content-Type', 'application/json'] },
  responseBody: { size: 2, mimeType: 'application/json', text: '{}' },
};

describe('redaction (always on)', () => {
  it.each([
    ['X-Registry-Auth', 'eyJwYXNzd29yZCI6InMzY3IzdCJ9', REDACTED],
    ['x-registry-auth', 'eyJwYXNzd29yZCI6InMzY3IzdCJ9', REDACTED],
    ['X-Registry-Config', 'eyJyZWcuaW8iOnt9fQ==', REDACTED],
    ['Authorization', 'Basic dTpw', REDACTED],
    ['Proxy-Authorization', 'Basic dTpw', REDACTED],
    ['Content-Type', 'application/json', 'application/json'],
    ['User-Agent', 'Docker-Client/24', 'Docker-Client/24'],
  ])('header %s', (name, value, want) => {
    const entry = buildEntry({ ...base, request: { method: 'POST', url: '/v1.40/images/create', httpVersion: '1.1', rawHeaders: ['Host', 'docker', name, value] } });
    expect(entry.request.headers).toEqual([
      { name: 'Host', value: 'docker' },
      { name, value: want },
    ]);
    expect(JSON.stringify(entry).includes(value)).toBe(want === value);
  });

  it.each([
    ['POST', '/auth', true],
    ['POST', '/v1.40/auth', true],
    ['post', '/v1.24/auth/', true],
    ['POST', '/auth?x=1', true],
    ['GET', '/auth', false],
    ['POST', '/v1.40/containers/create', false],
    ['POST', '/v1.40/authz', false],
    ['POST', '/containers/auth/start', false],
  ])('%s %s has a secret body: %s', (method, url, want) => {
    expect(isSecretBodyRequest(method, url)).toBe(want);
    const password = '{"username":"u","password":"s3cr3t"}';
    const entry = buildEntry({
      ...base,
      request: { method, url, httpVersion: '1.1', rawHeaders: ['Host', 'docker'] },
      requestBody: { size: password.length, mimeType: 'application/json', text: password },
    });
    expect(entry.request.bodySize).toBe(password.length);
    expect(entry.request.postData?.text).toBe(want ? REDACTED : password);
    expect(JSON.stringify(entry).includes('s3cr3t')).toBe(!want);
  });
});
