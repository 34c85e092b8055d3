import { describe, expect, it } from 'vitest';
import { AUDIT_BODY_LIMIT, AuditBodyCopy, auditBody, auditShows, type AuditBodyFacts } from './redact-audit-body.js';
import { REDACT_LIMIT } from './redacting-sink.js';

const facts = (over: Partial<AuditBodyFacts>): AuditBodyFacts => ({
  operationId: 'ContainerList',
  direction: 'response',
  mimeType: 'application/json',
  streamed: false,
  tar: false,
  secret: false,
  ...over,
});
const create = (over: Partial<AuditBodyFacts> = {}) => facts({ operationId: 'ContainerCreate', direction: 'request', ...over });

describe('auditBody', () => {
  const json = '{"Image":"busybox","Env":["DB_PASSWORD=hunter2","PATH=/bin"]}';
  it.each<[string, AuditBodyFacts, string | Buffer, number | undefined, object]>([
    ['a small JSON answer, as it is', facts({}), '[{"Id":"a"}]', undefined, { bytes: 12, text: '[{"Id":"a"}]', truncated: false }],
    ['a create body, redacted as the recording is', create(), json, undefined, { text: '{"Image":"busybox","Env":["DB_PASSWORD=[redacted by docktape]","PATH=/bin"]}', redacted: ['/Env/0'], truncated: false, bytes: json.length }],
    ['configured patterns apply', create({ envPatterns: ['PATH'] }), json, undefined, { redacted: ['/Env/1'] }],
    ['the body of POST /auth: never', facts({ secret: true, direction: 'request' }), '{"password":"x"}', undefined, { bytes: 16, omitted: expect.stringMatching(/registry credentials/) }],
    ['a streamed body: never held', facts({ streamed: true, mimeType: 'application/x-tar' }), '', 1 << 29, { bytes: 1 << 29, omitted: expect.stringMatching(/streamed/) }],
    ['a tar archive', facts({ tar: true, mimeType: 'application/x-tar' }), 'x', undefined, { omitted: expect.stringMatching(/^tar archive \(application\/x-tar\)/) }],
    ['binary by media type', facts({ mimeType: 'application/octet-stream' }), 'x', undefined, { omitted: expect.stringMatching(/^binary body/) }],
    ['no media type, bytes with NULs', facts({ mimeType: '' }), Buffer.from([0x61, 0, 0]), undefined, { omitted: expect.stringMatching(/no media type/) }],
    ['no media type, UTF-8 text', facts({ mimeType: '' }), 'ok', undefined, { text: 'ok' }],
    ['JSON with charset is JSON', facts({ mimeType: 'application/json; charset=utf-8' }), '{}', undefined, { text: '{}' }],
    ['an empty body', facts({}), '', 0, { bytes: 0, text: '', truncated: false }],
    ['a secret-bearing body that does not parse', create(), '{"Env":["A_TOKEN=x"', undefined, { omitted: expect.stringMatching(/not JSON and may hold secrets/) }],
    ['a secret-bearing body over the redaction bound', create(), '{}', REDACT_LIMIT + 1, { omitted: expect.stringMatching(/could not be read whole/) }],
  ])('%s', (_name, f, body, size, want) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    expect(auditBody(f, bytes, size ?? bytes.length)).toMatchObject(want);
  });

  it('cuts at 64 KiB on a character boundary and says so', () => {
    const body = Buffer.from(`"${'é'.repeat(AUDIT_BODY_LIMIT)}"`);
    const out = auditBody(facts({}), body.subarray(0, AUDIT_BODY_LIMIT), body.length);
    expect(out).toMatchObject({ truncated: true, bytes: body.length });
    const text = (out as { text: string }).text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(AUDIT_BODY_LIMIT);
    expect(text).not.toContain('\ufffd');
  });
});

describe('AuditBodyCopy', () => {
  it('holds the first bytes only, across chunks, and counts them all', () => {
    const copy = new AuditBodyCopy(facts({ mimeType: 'text/plain' }));
    const chunk = Buffer.alloc(40 * 1024, 'a');
    for (let i = 0; i < 100; i++) copy.write(chunk);
    const out = copy.result() as { bytes: number; text: string; truncated: boolean };
    expect(out.bytes).toBe(100 * chunk.length);
    expect(out.text.length).toBe(AUDIT_BODY_LIMIT);
    expect(out.truncated).toBe(true);
  });

  it('takes a media type that comes late', () => {
    const copy = new AuditBodyCopy(facts({ mimeType: '' }));
    copy.setMimeType('application/x-tar');
    copy.write(Buffer.from('abc'));
    expect(copy.result()).toMatchObject({ omitted: expect.stringMatching(/binary body \(application\/x-tar\)/) });
  });
});

describe('auditShows', () => {
  it.each([
    [undefined, false, false],
    ['none', false, false],
    ['metadata', false, false],
    ['request', true, false],
    ['requestResponse', true, true],
  ])('%s: request %s, response %s', (level, request, response) => {
    expect([auditShows(level, 'request'), auditShows(level, 'response')]).toEqual([request, response]);
  });
});
