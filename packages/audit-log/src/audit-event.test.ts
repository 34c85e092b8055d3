import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { FinishedFacts, OpenedFacts } from '@docktape/proxy';
import { CONFORMANCE_OUTCOMES, type HarEntry } from '@docktape/recording';
import { completedEvent, openedEvent, type AuditEvent } from './audit-event.js';
import { auditObserver } from './audit-observer.js';

const schema = JSON.parse(readFileSync(new URL('./audit-event.v1.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/ } });
const validate = ajv.compile(schema);

const RECEIVED = '2026-12-03T10:00:00.000Z';
const base = { seq: 7, recorded: true, client: { transport: 'tcp' as const, address: '127.0.0.1', port: 50000 }, receivedAt: RECEIVED, policy: null };

function entry(over: Partial<HarEntry> & { status?: number; down?: number; up?: number }): HarEntry {
  const { status = 200, down = 0, up = 0, ...rest } = over;
  return {
    startedDateTime: RECEIVED,
    time: 13,
    request: { method: 'GET', url: 'http://docker/x', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: 0, bodySize: up },
    response: { status, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: down, mimeType: 'application/json' }, redirectURL: '', headersSize: 0, bodySize: down },
    cache: {},
    timings: { send: 0, wait: 3, receive: 10 },
    _seq: 7,
    _kind: 'http',
    ...rest,
  };
}

const finished = (over: Partial<FinishedFacts>): FinishedFacts => ({
  ...base,
  kind: 'http',
  method: 'GET',
  url: '/v1.40/containers/abc/json',
  termination: 'complete',
  responseBody: undefined,
  ...over,
});

describe('completedEvent', () => {
  const cases: [string, { entry: HarEntry; facts: FinishedFacts }, Partial<AuditEvent>][] = [
    [
      'a plain exchange of a known operation',
      { entry: entry({ down: 300 }), facts: finished({}) },
      {
        stage: 'ResponseComplete',
        auditId: 'run1-7',
        operationId: 'ContainerInspect',
        route: '/containers/{id}/json',
        apiVersion: '1.40',
        kind: 'http',
        status: 200,
        bytes: { up: 0, down: 300 },
        termination: 'complete',
        recordedAs: 7,
        timestamps: { received: RECEIVED, responseStarted: '2026-12-03T10:00:00.003Z', completed: '2026-12-03T10:00:00.013Z' },
        durationsMs: { toResponseHead: 3, total: 13 },
        decision: null,
      },
    ],
    [
      'an unknown path without a recording',
      { entry: entry({}), facts: finished({ url: '/nowhere?x=1', recorded: false }) },
      { operationId: null, route: null, apiVersion: null, path: '/nowhere?x=1', recordedAs: null },
    ],
    [
      'a stream operation',
      { entry: entry({ down: 1 << 20 }), facts: finished({ url: '/v1.40/containers/abc/export' }) },
      { kind: 'stream', operationId: 'ContainerExport' },
    ],
    [
      'a hijack: both directions counted, request body too',
      {
        entry: entry({
          status: 101,
          up: 5,
          _kind: 'hijack',
          _hijack: {
            upgrade: 'tcp',
            clientToDaemon: { content: { size: 20, mimeType: '' } },
            daemonToClient: { content: { size: 30, mimeType: '' } },
          } as unknown as HarEntry['_hijack'],
        }),
        facts: finished({ kind: 'hijack', method: 'POST', url: '/v1.40/exec/abc/start', termination: 'upgraded_closed' }),
      },
      { kind: 'hijack', operationId: 'ExecStart', bytes: { up: 25, down: 30 }, termination: 'upgraded_closed' },
    ],
    [
      'the client left before any answer',
      { entry: entry({ status: 0, _error: 'client aborted' }), facts: finished({ termination: 'client_abort', client: { transport: 'unix', pid: null, uid: null } }) },
      { status: 0, error: 'client aborted', timestamps: { received: RECEIVED, responseStarted: null, completed: '2026-12-03T10:00:00.013Z' }, durationsMs: { toResponseHead: null, total: 13 } },
    ],
  ];
  it.each(cases)('%s', (_name, given, want) => {
    const event = completedEvent('run1', given.entry, given.facts, null);
    expect(event).toMatchObject(want);
    expect(validate(event), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('carries the conformance report, and the schema takes it', () => {
    const report = { operationId: 'ContainerInspect', outcome: 'violations', violations: [{ location: '/State/Pid', severity: 'error', code: 'type', message: 'must be integer' }] };
    const event = completedEvent('run1', entry({}), finished({}), report);
    expect(event.conformance).toEqual({ outcome: 'violations', violations: report.violations });
    expect(validate(event), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('carries the policy’s decision, rule and reason (Auditing II)', () => {
    const policy = { decision: 'would_deny' as const, rule: 'no-privileged', reason: 'HostConfig.Privileged is true' };
    const event = completedEvent('run1', entry({}), finished({ policy }), null);
    expect(event).toMatchObject(policy);
    expect(validate(event), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('the schema refuses an event without its fields', () => {
    const { auditId: _, ...partial } = completedEvent('run1', entry({}), finished({}), null);
    expect(validate(partial)).toBe(false);
    expect(validate({ ...partial, auditId: 'x', termination: 'exploded' })).toBe(false);
  });
});

describe('openedEvent', () => {
  it('says when a hijacked session opened, with the same id as its complete line', () => {
    const facts: OpenedFacts = { ...base, kind: 'hijack', method: 'POST', url: '/v1.40/containers/abc/attach?stream=1', status: 101, responseStartedMs: 4 };
    const event = openedEvent('run1', facts);
    expect(event).toMatchObject({
      stage: 'ResponseStarted',
      auditId: completedEvent('run1', entry({}), finished({}), null).auditId,
      operationId: 'ContainerAttach',
      status: 101,
      termination: null,
      timestamps: { received: RECEIVED, responseStarted: '2026-12-03T10:00:00.004Z', completed: null },
      durationsMs: { toResponseHead: 4, total: null },
    });
    expect(validate(event), ajv.errorsText(validate.errors)).toBe(true);
  });
});

describe('the schema and the recording format', () => {
  it('take the same conformance outcomes (the audit line repeats the entry’s _conformance)', () => {
    const s = schema as { properties: { conformance: { oneOf: [unknown, { properties: { outcome: { enum: string[] } } }] } } };
    expect([...s.properties.conformance.oneOf[1].properties.outcome.enum].sort()).toEqual([...CONFORMANCE_OUTCOMES].sort());
  });
});

describe('audit levels (Auditing II)', () => {
  const createUrl = '/v1.40/containers/create';
  const policy = (audit: string) => ({ decision: 'allow' as const, rule: 'r', reason: 'why', audit });
  const shown = { bytes: 40, text: '{"Env":["DB_PASSWORD=[redacted by docktape]"]}', truncated: false, redacted: ['/Env/0'] };
  const omitted = { bytes: 1 << 20, omitted: 'tar archive (application/x-tar): not logged' };

  it.each([
    ['metadata: the line as before, the level said', 'metadata', undefined, { level: 'metadata' }, ['requestBody', 'responseBody']],
    ['request: the request body', 'request', { request: shown }, { level: 'request', requestBody: shown }, ['responseBody']],
    ['requestResponse: both, a body left out with its reason, none as null', 'requestResponse', { request: omitted, response: null }, { level: 'requestResponse', requestBody: omitted, responseBody: null }, []],
  ] as const)('%s', (_name, audit, auditBodies, want, absent) => {
    const facts = finished({ method: 'POST', url: createUrl, policy: policy(audit), ...(auditBodies ? { auditBodies } : {}) });
    const event = completedEvent('run1', entry({ up: 40 }), facts, null);
    expect(event).toMatchObject(want);
    for (const key of absent) expect(event).not.toHaveProperty(key);
    expect(validate(event), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('no policy: no level, no bodies (the v1 line of Auditing I)', () => {
    const event = completedEvent('run1', entry({}), finished({}), null);
    expect(Object.keys(event)).not.toContain('level');
    expect(Object.keys(event)).not.toContain('requestBody');
  });

  it('the schema refuses a body that is neither text nor omitted', () => {
    const event = completedEvent('run1', entry({}), finished({ policy: policy('request'), auditBodies: { request: shown } }), null);
    expect(validate({ ...event, requestBody: { bytes: 3 } })).toBe(false);
    expect(validate({ ...event, level: 'none' })).toBe(false);
  });

  it('level none: the observer writes no line, opened or finished', () => {
    const lines: AuditEvent[] = [];
    const observer = auditObserver({ write: (e) => lines.push(e) }, { runId: 'run1' });
    observer.opened!({ ...base, policy: policy('none'), kind: 'hijack', method: 'POST', url: '/v1.40/exec/abc/start', status: 101, responseStartedMs: 1 });
    observer.finished!(entry({}), finished({ policy: policy('none') }));
    expect(lines).toEqual([]);
    observer.finished!(entry({}), finished({ policy: policy('metadata') }));
    expect(lines.map((l) => l.level)).toEqual(['metadata']);
  });

  it.each(['deny', 'would_deny'] as const)('level none: a refusal (%s) is still logged, at metadata', (decision) => {
    const lines: AuditEvent[] = [];
    const observer = auditObserver({ write: (e) => lines.push(e) }, { runId: 'run1' });
    observer.finished!(entry({ status: 403 }), finished({ policy: { ...policy('none'), decision }, termination: 'refused' }));
    expect(lines.map((l) => [l.decision, l.level])).toEqual([[decision, 'metadata']]);
    expect(validate(lines[0]), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('bytes are the wire bytes (HAR bodySize), not the redacted copy’s size', () => {
    const redacted = entry({ up: 120, down: 900 });
    redacted.request.postData = { mimeType: 'application/json', text: '{"Env":["A_TOKEN=[redacted by docktape]"]}', size: 40 } as never;
    redacted.response.content.size = 700;
    expect(completedEvent('run1', redacted, finished({}), null).bytes).toEqual({ up: 120, down: 900 });
  });
});
