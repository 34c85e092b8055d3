import { describe, expect, it } from 'vitest';
import { ConformanceChecker, MAX_VIOLATIONS } from './check-response.js';

const checker = new ConformanceChecker();
const json = 'application/json';
const check = (method: string, path: string, status: number, body: unknown, contentType: string | undefined = json) =>
  checker.check({ method, path, status, contentType, body: typeof body === 'string' ? body : JSON.stringify(body) });

const inspect = {
  Id: 'c0ffee',
  Created: '2026-12-03T10:00:00Z',
  Name: '/dtr-main',
  State: { Status: 'running', Running: true, Pid: 4242, ExitCode: 0 },
  Config: { Image: 'busybox:latest', Labels: { a: 'b' } },
};

describe('checkResponse', () => {
  it('passes a body that fits, with properties the spec does not name (Docker schemas are open)', () => {
    const r = check('GET', '/v1.40/containers/c0ffee/json', 200, { ...inspect, AddedInV2000: { x: 1 } });
    expect(r).toEqual({ operationId: 'ContainerInspect', schemaStatus: '200', outcome: 'valid', violations: [] });
  });

  it('flags a field of the wrong type with its JSON pointer, expected and actual', () => {
    const r = check('GET', '/containers/c0ffee/json?size=1', 200, { ...inspect, State: { ...inspect.State, Pid: '4242' } });
    expect(r.outcome).toBe('violations');
    expect(r.violations).toEqual([{ location: '/State/Pid', severity: 'error', code: 'type', message: 'expected integer, got "4242"' }]);
  });

  it('locates a missing required property at the property', () => {
    const r = check('POST', '/v1.40/containers/create', 201, { Warnings: [] });
    expect(r.violations).toEqual([expect.objectContaining({ location: '/Id', code: 'required', message: 'expected a property "Id", got nothing' })]);
  });

  it('checks error bodies by their status', () => {
    expect(check('GET', '/v1.40/containers/nope/json', 404, { message: 'No such container: nope' }).outcome).toBe('valid');
    const r = check('GET', '/v1.40/containers/nope/json', 404, { msg: 'wrong key' });
    expect(r.violations.map((v) => [v.location, v.code])).toEqual([['/message', 'required']]);
  });

  it('reports a status the spec declares no body for as no-schema, never as passed', () => {
    const r = check('GET', '/v1.40/containers/json', 418, { message: 'teapot' });
    expect(r.outcome).toBe('no-schema');
    expect(r.violations[0]).toMatchObject({ severity: 'warning', code: 'no-schema' });
    expect(r.violations[0]!.message).toContain('ContainerList answering 418');
  });

  it('says what it did not check: unknown operations, bodies that are not JSON, JSON that does not parse', () => {
    expect(check('GET', '/v1.40/nonsense', 200, {}).outcome).toBe('unknown-operation');
    expect(check('GET', '/v1.40/nonsense', 200, {}).operationId).toBeNull();
    expect(check('GET', '/v1.40/containers/c/logs', 200, 'plain text', 'application/vnd.docker.raw-stream').outcome).toBe('not-json');
    expect(check('GET', '/v1.40/containers/c/export', 200, 'tar', '').outcome).toBe('not-json');
    const bad = check('GET', '/v1.40/containers/json', 200, '[{"Id": "x"');
    expect(bad.outcome).toBe('unparsable-json');
    expect(bad.violations[0]).toMatchObject({ location: '', severity: 'error', code: 'unparsable-json' });
  });

  it('checks each value of a newline-delimited JSON stream (stats, wait) and names the line', () => {
    const frame = { read: '2026-12-03T10:00:00Z', preread: '2026-12-03T09:59:59Z', cpu_stats: {}, precpu_stats: {}, memory_stats: {}, pids_stats: { current: 1 } };
    const body = `${JSON.stringify(frame)}\n${JSON.stringify({ ...frame, pids_stats: { current: 'one' } })}\n`;
    const r = check('GET', '/v1.40/containers/c/stats', 200, body);
    expect(r.outcome).toBe('violations');
    expect(r.violations).toEqual([expect.objectContaining({ location: '/pids_stats/current', message: 'line 2: expected integer, got "one"' })]);
  });

  it('cuts long values short and keeps at most MAX_VIOLATIONS', () => {
    const r = check('GET', '/v1.40/containers/c0ffee/json', 200, { ...inspect, Name: { long: 'x'.repeat(500) } });
    expect(r.violations[0]!.message.length).toBeLessThan(120);
    expect(r.violations[0]!.message).toContain('…');
    const many = check('GET', '/v1.40/containers/json', 200, Array.from({ length: 50 }, () => ({ Id: 1 })));
    expect(many.violations).toHaveLength(MAX_VIOLATIONS);
  });

  it('matches media types with parameters and +json', () => {
    expect(check('GET', '/v1.40/containers/json', 200, [], 'application/json; charset=utf-8').outcome).toBe('valid');
    expect(check('GET', '/v1.40/containers/json', 200, 5, 'application/problem+json').outcome).toBe('violations');
  });
});

describe('nullable fields', () => {
  it('accepts null where the spec allows it, and reports a wrong type without the null branch', () => {
    expect(check('POST', '/v1.40/containers/c/wait', 200, { StatusCode: 0, Error: null }).outcome).toBe('valid');
    const r = check('GET', '/v1.40/containers/c0ffee/json', 200, { ...inspect, State: 'running' });
    expect(r.violations.map((v) => [v.location, v.code])).toEqual([['/State', 'type']]);
  });
});
