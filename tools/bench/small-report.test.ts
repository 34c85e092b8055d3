import { describe, expect, it } from 'vitest';
import { haproxyConfig } from './haproxy-config.js';
import { CONTENDER_IDS, selectContenders } from './small-contenders.js';
import { addedPerCycle, ratiosOf, renderReport, type ContenderResult, type SmallReport } from './small-report.js';

/** A contender whose every request took `ms` (two blocks of three), and 100 x 50 rounds of `wall` s. */
const flat = (id: ContenderResult['id'], ms: number, wall: number): ContenderResult => ({
  id,
  blocks: [
    [ms, ms, ms],
    [ms, ms, ms],
  ],
  errors: 0,
  walls: [wall, wall],
  concurrencyErrors: 0,
});

describe('selectContenders', () => {
  it.each([
    ['no --only: all of them', undefined, [...CONTENDER_IDS]],
    ['direct is always in, table order kept', 'docktape-record,socat', ['direct', 'socat', 'docktape-record']],
    ['spaces and empty names ignored', ' haproxy , ,', ['direct', 'haproxy']],
  ])('%s', (_name, only, want) => expect(selectContenders(only)).toEqual(want));

  it('refuses a name it does not know, listing the known ones', () => {
    expect(() => selectContenders('socat,nginx')).toThrow(/unknown contender nginx \(known: direct, socat/);
  });
});

describe('haproxyConfig', () => {
  it('mode http with keep-alive to the daemon by default, on loopback, to the unix socket', () => {
    const cfg = haproxyConfig({ port: 2375, socketPath: '/run/docker.sock' });
    expect(cfg).toMatch(/^\s+mode http$/m);
    expect(cfg).toMatch(/^\s+option http-keep-alive$/m);
    expect(cfg).not.toMatch(/http-server-close/);
    expect(cfg).toMatch(/^\s+bind 127\.0\.0\.1:2375$/m);
    expect(cfg).toMatch(/^\s+server docker unix@\/run\/docker\.sock$/m);
  });
  it("docker-socket-proxy's connection handling on request", () => {
    expect(haproxyConfig({ port: 1, socketPath: '/s', serverClose: true })).toMatch(/^\s+option http-server-close$/m);
  });
});

describe('ratiosOf', () => {
  // direct 1.0 ms; relay adds 0.5, HAProxy 0.25, docktape --record 0.55
  const results = [flat('direct', 1, 1), flat('haproxy', 1.25, 2), flat('node-relay', 1.5, 2.5), flat('docktape-record', 1.55, 3)];
  it("divides docktape's added p50 by the relay's and HAProxy's, and its wall by HAProxy's", () => {
    const q = ratiosOf(results, 'docktape-record');
    expect(q.addedVsRelay).toBeCloseTo(1.1, 10);
    expect(q.addedVsHaproxy).toBeCloseTo(2.2, 10);
    expect(q.wallVsHaproxy).toBeCloseTo(1.5, 10);
  });
  it('gives NaN for a ratio whose other side was not measured', () => {
    const q = ratiosOf([...results.slice(0, 1), { ...flat('haproxy', 1.25, 2), notMeasured: 'no haproxy' }, ...results.slice(2)], 'docktape-record');
    expect(q.addedVsHaproxy).toBeNaN();
    expect(q.wallVsHaproxy).toBeNaN();
    expect(q.addedVsRelay).toBeCloseTo(1.1, 10);
  });
});

describe('addedPerCycle', () => {
  it("subtracts direct's block p50 of the same cycle, then takes p25 and p75 over cycles", () => {
    const direct: ContenderResult = { ...flat('direct', 0, 0), blocks: [[1], [2], [1], [3]] };
    const relay: ContenderResult = { ...flat('node-relay', 0, 0), blocks: [[1.5], [2.25], [1.75], [4]] };
    expect(addedPerCycle(relay, direct)).toEqual([0.25, 0.75]);
  });
});

describe('renderReport', () => {
  const report: SmallReport = {
    command: 'npx tsx tools/bench/small-requests.ts --requests 6',
    started: '2026-12-03T00:00:00.000Z',
    date: '2026-12-03T00:05:00.000Z',
    machine: { nproc: 2, cpuModel: 'Test CPU', memGiB: 4, kernel: 'Linux 6', node: 'v20', docker: '20.10', haproxy: 'HAProxy 2.6', socat: 'socat 1.7' },
    loadBefore: [1, 2, 3],
    loadAfter: [4, 5, 6],
    requestPath: '/v1.40/containers/json?all=1',
    requests: 6,
    block: 3,
    warmup: 0,
    rounds: 2,
    clients: 100,
    perClient: 50,
    bodyBytes: { min: 10, max: 10 },
    results: [flat('direct', 1, 1), flat('haproxy', 1.25, 2), flat('node-relay', 1.5, 2.5), { ...flat('docktape-record', 1.55, 3), recorded: 10006, exitCode: 0 }, { ...flat('socat', 1, 1), notMeasured: 'socat is not installed' }],
  };
  const text = renderReport(report);
  it('states the machine, the load before and after, and the command', () => {
    expect(text).toContain('`nproc` 2, Test CPU');
    expect(text).toContain('Date: 2026-12-03T00:00:00.000Z to 2026-12-03T00:05:00.000Z; load average (1, 5, 15 min) before: 1.00 2.00 3.00, after: 4.00 5.00 6.00');
    expect(text).toContain('Command: `npx tsx tools/bench/small-requests.ts --requests 6`');
  });
  it('gives the targets with their verdicts', () => {
    expect(text).toContain("`--record` added p50 / minimal Node relay's: **1.10x** (target <= 1.1: met)");
    expect(text).toContain("`--record` 100 x 50 wall / HAProxy's: **1.50x** (target <= 1.0: not met)");
  });
  it('names what was not measured, and why', () => {
    expect(text).toContain('- socat: not measured (socat is not installed)');
  });
  it('counts the recorded exchanges against those sent', () => {
    expect(text).toContain('- docktape-record: 10006/10006 exchanges in the recording, exit code after SIGTERM 0.');
  });
});
