import { describe, expect, it } from 'vitest';
import { attributeErratum } from './attribute-erratum.js';
import { buildReport } from './build-report.js';
import { checkExchange, defaultCheckers } from './check-exchange.js';
import type { AuditExchange } from './exchange.js';
import { cutOf, kindOf } from './exchange.js';
import { ERRATA } from './generated/errata.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import { strictProblems } from './strict-verdict.js';
import { readLenientHar, inlineBody } from './lenient-har.js';

const checkers = defaultCheckers();
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const x = (over: Partial<AuditExchange>): AuditExchange => ({ file: 'a.har', index: 0, method: 'GET', url: 'http://docker/v1.40/containers/json', status: 200, kind: 'http', contentType: 'application/json', ...over });
const report = (xs: AuditExchange[]) => buildReport([{ file: 'a.har', format: 'docktape', entries: xs.length, skipped: [], warnings: [] }], xs.map((e) => checkExchange(e, checkers)), ERRATA);
const inspect = { Id: 'c0ffee', Name: '/x', State: { Status: 'running', Pid: 42 }, HostConfig: { Binds: null, CapDrop: null }, Config: { Env: null } };

describe('attributeErratum', () => {
  it.each([
    ['an x-instance exactly', '/HostConfig/Binds', 'nullable-host-config'],
    ['an instance inside a list', '/3/HostConfig/Binds', 'nullable-host-config'],
    ['a sibling field the erratum patches', '/HostConfig/CapDrop', 'nullable-host-config'],
    ['a resource field, not a host config one', '/HostConfig/BlkioDeviceReadBps', 'nullable-resources'],
    ['another network than bridge', '/NetworkSettings/Networks/mynet/Links', 'nullable-endpoint-settings'],
    ['the whole body', '', 'nullable-changes'],
  ])('%s', (_name, location, want) => {
    expect(attributeErratum(location, ERRATA)?.id).toBe(want);
  });
  it('attributes nothing to a place no erratum shares', () => {
    expect(attributeErratum('/Completely/Else', ERRATA)).toBeUndefined();
  });
});

describe('buildReport', () => {
  it('counts operations and statuses, lists all 25 container operations and names the uncovered', () => {
    const r = report([x({}), x({ index: 1, status: 500, body: json({ message: 'boom' }) }), x({ index: 2, method: 'GET', url: '/v1.40/nope' })]);
    expect(r.coverage).toHaveLength(25);
    expect(r.coverage.find((c) => c.operationId === 'ContainerList')).toMatchObject({ covered: true, count: 2, statuses: { 200: 1, 500: 1 } });
    expect(r.summary).toMatchObject({ containerCovered: 1, containerTotal: 25, unknownRequests: 1, newDrift: 0 });
    expect(r.unknown).toEqual([expect.objectContaining({ method: 'GET', path: '/v1.40/nope', count: 1 })]);
    expect(strictProblems(r)).toEqual([expect.stringContaining('not covered: ContainerCreate, ContainerInspect')]);
  });
  it('a null the errata allow is a known erratum; a wrong type is new drift with its pointer and exchange', () => {
    const ok = report([x({ url: '/v1.40/containers/c0ffee/json', body: json(inspect) })]);
    expect(ok.summary.newDrift).toBe(0);
    expect(ok.errata.find((e) => e.id === 'nullable-host-config')?.hits).toBe(2);
    expect(ok.errata.find((e) => e.id === 'nullable-container-config')?.examples[0]?.location).toBe('/Config/Env');
    const bad = report([x({ index: 7, seq: 9, url: '/v1.40/containers/c0ffee/json', body: json({ ...inspect, State: { Pid: 'x' } }) })]);
    expect(bad.violations).toEqual([
      expect.objectContaining({ location: '/State/Pid', code: 'type', severity: 'error', checked: 'offline', exchange: { file: 'a.har', index: 7, seq: 9, method: 'GET', url: '/v1.40/containers/c0ffee/json', status: 200 } }),
    ]);
    expect(strictProblems(bad)[0]).toContain('1 violation');
  });
  it('takes a recorded _conformance as it is', () => {
    const r = report([x({ conformance: { outcome: 'violations', violations: [{ location: '/0/Id', severity: 'error', code: 'type', message: 'expected string, got 1' }] } })]);
    expect(r.violations).toEqual([expect.objectContaining({ location: '/0/Id', checked: 'recorded' })]);
  });
  it('counts cut bodies per operation with the reason', () => {
    const r = report([x({ url: '/v1.40/containers/a/stats', cut: 'client closed the connection before the response ended' }), x({ url: '/v1.40/containers/a/stats', index: 1 })]);
    expect(r.operations[0]).toMatchObject({ operationId: 'ContainerStats', complete: 1, cut: 1, cutReasons: [{ reason: 'client closed the connection before the response ended', count: 1 }] });
  });
});

describe('cutOf and kindOf', () => {
  it.each([
    ['a proxy error', { _error: 'daemon reset', response: { status: 200 } }, 'http', 'daemon reset'],
    ['no response', { response: { status: 0 } }, 'http', 'no response (status 0)'],
    ['a hijack nobody closed', { _hijack: { daemonToClient: {}, clientToDaemon: {} }, response: { status: 101 } }, 'hijack', 'hijacked session never closed (no side closed)'],
    ['a hijack without streams', { response: { status: 101 } }, 'hijack', 'hijacked session without its streams (_hijack missing)'],
    ['a closed hijack', { _hijack: { daemonToClient: { closedAt: 3 }, clientToDaemon: {} }, response: { status: 101 } }, 'hijack', undefined],
  ] as const)('%s', (_name, entry, kind, want) => {
    expect(cutOf(entry, kind)).toBe(want);
  });
  it('a browser websocket is known by its messages', () => {
    expect(kindOf({ response: { status: 101 }, _webSocketMessages: [] })).toBe('websocket');
    expect(kindOf({ _kind: 'hijack' })).toBe('hijack');
    expect(kindOf({ response: { status: 200 } })).toBe('http');
  });
});

describe('readLenientHar (a browser export)', () => {
  const browserHar = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ id: 'page_1', title: 'portainer' }],
      entries: [
        {
          pageref: 'page_1',
          _initiator: { type: 'script' },
          _priority: 'High',
          comment: 'first',
          request: { method: 'GET', url: 'http://localhost:2375/v1.40/containers/json?all=1', headers: [] },
          response: { status: 200, headers: [{ name: 'Content-Type', value: 'application/json' }], content: { size: 2, mimeType: 'application/json', text: Buffer.from('[]').toString('base64'), encoding: 'base64' } },
        },
        { request: { url: 'http://localhost/favicon.ico' }, response: { status: 404 } },
        'garbage',
        { request: { method: 'GET', url: 'http://localhost:2375/v1.40/info' }, response: {} },
      ],
    },
  };
  it('keeps usable entries and says why each other one was skipped', () => {
    const har = readLenientHar(browserHar);
    expect(har.entries.map((e) => e.index)).toEqual([0]);
    expect(har.skipped).toEqual([
      { index: 1, reason: 'no request.method' },
      { index: 2, reason: 'not an object' },
      { index: 3, reason: 'no response.status' },
    ]);
    expect(inlineBody(har.entries[0]!.entry.response!.content as never)?.toString()).toBe('[]');
  });
  it('refuses what is no HAR', () => {
    expect(() => readLenientHar({ foo: 1 })).toThrow('no "log" object');
    expect(() => readLenientHar({ log: {} })).toThrow('log.entries is not a list');
  });
});

describe('renderers', () => {
  const evilUrl = '/v1.40/containers/<svg onload=alert(1)>"\'/json';
  const evil = report([
    x({ url: evilUrl, body: json({ ...inspect, Name: { '<img src=x onerror=alert(1)>': 1 } }) }),
    x({ index: 1, method: 'GET', url: '/<b>unknown</b>?q="\'' }),
    x({ index: 2, url: '/v1.40/containers/a/stats', cut: '<i>daemon reset</i>' }),
  ]);
  it('escapes every recorded string in the HTML page: no markup from a URL or a body field', () => {
    const html = renderHtml(evil);
    expect(evil.violations.length).toBeGreaterThan(0);
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>unknown');
    expect(html).not.toContain('<i>');
    expect(html).toContain('&lt;i&gt;daemon reset&lt;/i&gt;: 1');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;&quot;&#39;/json');
    expect(html).toContain('/%3Cb%3Eunknown%3C/b%3E');
  });
  it('the page is self-contained: no script, no external reference', () => {
    const html = renderHtml(evil);
    expect(html).not.toMatch(/<script|<link|src=["']?http|href=["']?http|@import|url\(/i);
    expect(html.match(/<tr class="(un)?covered"/g)).toHaveLength(25);
  });
  it('text names coverage, drift and the exchange of each violation', () => {
    const text = renderText(evil);
    expect(text).toMatch(/container operations covered: 2\/25; new drift: 1;/);
    expect(text).toContain('[ ] ContainerCreate');
    expect(text).toContain(`DRIFT ContainerInspect /Name [type]`);
    expect(text).toContain(`in a.har #0 GET ${evilUrl} -> 200`);
  });
});
