import { describe, expect, it } from 'vitest';
import { buildEntry, harQuery } from './har-entry.js';

describe('buildEntry', () => {
  const base = {
    seq: 3,
    kind: 'http' as const,
    startedDateTime: '2024-01-01T00:00:00.000Z',
    waitMs: 1.5,
    totalMs: 4.25,
    request: { method: 'GET', url: '/v1.40/containers/json?all=1&filters=%7B%7D', httpVersion: '1.1', rawHeaders: ['Host', 'docker'] },
    response: { status: 200, statusText: 'OK', httpVersion: '1.1', rawHeaders: ['Api-Version', '1.41', 'Content-Type', 'application/json'] },
    responseBody: { size: 2, mimeType: 'application/json', text: '[]' },
  };

  it('writes a HAR 1.2 entry with the docktape extensions', () => {
    const entry = buildEntry(base);
    expect(entry).toMatchObject({
      startedDateTime: '2024-01-01T00:00:00.000Z',
      time: 4.25,
      request: { method: 'GET', url: 'http://docker/v1.40/containers/json?all=1&filters=%7B%7D', httpVersion: 'HTTP/1.1', bodySize: 0 },
      response: { status: 200, content: { size: 2, text: '[]' }, bodySize: 2 },
      timings: { send: 0, wait: 1.5, receive: 2.75 },
      _seq: 3,
      _kind: 'http',
      _apiVersion: '1.40',
    });
    expect(entry.request.postData).toBeUndefined();
    expect(entry._error).toBeUndefined();
  });

  it.each([
    ['the path prefix', '/v1.39/_ping', '1.39'],
    ['the Api-Version header when the path has no prefix', '/_ping', '1.41'],
  ])('takes the API version from %s', (_name, url, want) => {
    expect(buildEntry({ ...base, request: { ...base.request, url } })._apiVersion).toBe(want);
  });

  it('records request bodies as postData and failures as _error', () => {
    const entry = buildEntry({ ...base, requestBody: { size: 2, mimeType: 'application/json', text: '{}' }, error: 'boom' });
    expect(entry.request.postData).toEqual({ size: 2, mimeType: 'application/json', text: '{}' });
    expect(entry._error).toBe('boom');
  });
});

describe('harQuery', () => {
  it.each([
    ['/x', []],
    ['/x?a=1&b=%7B%22label%22%3A%5B%5D%7D', [{ name: 'a', value: '1' }, { name: 'b', value: '{"label":[]}' }]],
  ])('%s', (url, want) => expect(harQuery(url)).toEqual(want));
});
