import { describe, expect, it } from 'vitest';
import type { FinishedFacts } from '@docktape/proxy';
import type { HarEntry } from '@docktape/recording';
import { conformanceOf, keepForValidation, validationObserver, violationCount } from './live-conformance.js';

function entry(status: number, contentType: string): HarEntry {
  return {
    startedDateTime: '2026-12-03T10:00:00.000Z',
    time: 1,
    request: { method: 'GET', url: 'http://docker/v1.40/containers/abc/json', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: 0, bodySize: 0 },
    response: { status, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Content-Type', value: contentType }], content: { size: 0, mimeType: contentType }, redirectURL: '', headersSize: 0, bodySize: 0 },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    _seq: 1,
    _kind: 'http',
  };
}
const facts = (over: Partial<FinishedFacts>): FinishedFacts => ({
  seq: 1,
  recorded: false,
  kind: 'http',
  method: 'GET',
  url: '/v1.40/containers/abc/json',
  client: { transport: 'unix', pid: null, uid: null },
  receivedAt: '2026-12-03T10:00:00.000Z',
  policy: null,
  termination: 'complete',
  responseBody: undefined,
  ...over,
});

describe('conformanceOf', () => {
  it.each([
    ['a valid inspect', entry(200, 'application/json'), facts({ responseBody: Buffer.from('{"Id":"abc","State":{"Pid":1}}') }), 'valid'],
    ['a wrong type', entry(200, 'application/json'), facts({ responseBody: Buffer.from('{"Id":"abc","State":{"Pid":"one"}}') }), 'violations'],
    ['a body over the bound', entry(200, 'application/json'), facts({ responseBody: 'too-large' }), 'too-large'],
    ['a tar', entry(200, 'application/x-tar'), facts({ url: '/v1.40/containers/abc/export' }), 'not-json'],
    ['an unknown path', entry(404, 'text/plain'), facts({ url: '/nowhere' }), 'unknown-operation'],
  ])('%s', (_name, e, f, want) => {
    expect(conformanceOf(e, f)?.outcome).toBe(want);
  });

  it('points at the field of the wrong type', () => {
    const record = conformanceOf(entry(200, 'application/json'), facts({ responseBody: Buffer.from('{"Id":"abc","State":{"Pid":"one"}}') }));
    expect(record!.violations).toContainEqual(expect.objectContaining({ location: '/State/Pid', severity: 'error' }));
    expect(violationCount(record)).toBe(1);
  });

  it('judges only the daemon’s answers', () => {
    expect(conformanceOf(entry(0, ''), facts({ termination: 'client_abort' }))).toBeUndefined();
    expect(conformanceOf(entry(403, 'application/json'), facts({ termination: 'refused', responseBody: Buffer.from('{}') }))).toBeUndefined();
    expect(conformanceOf(entry(502, 'application/json'), facts({ termination: 'daemon_unreachable' }))).toBeUndefined();
  });

  it('holds JSON answers of known operations only', () => {
    expect(keepForValidation.wanted('GET', '/v1.40/containers/abc/json', 'application/json')).toBe(true);
    expect(keepForValidation.wanted('GET', '/v1.40/containers/abc/export', 'application/x-tar')).toBe(false);
    expect(keepForValidation.wanted('GET', '/nowhere', 'application/json')).toBe(false);
  });

  it('puts the report on the entry, as the recording stores it', () => {
    const e = entry(200, 'application/json');
    validationObserver().finished!(e, facts({ responseBody: Buffer.from('{"Id":"abc"}') }));
    expect(e._conformance).toEqual({ outcome: 'valid', violations: [] });
  });
});
