import { describe, expect, it } from 'vitest';
import type { HarEntry } from '@docktape/recording';
import { exchangeBytes, exchangeLine, ExchangeTally, formatBytes } from './exchange-lines.js';

function entry(over: { method?: string; url?: string; status?: number; time?: number; up?: number; down?: number; error?: string; hijack?: [number, number] }): HarEntry {
  const e = {
    startedDateTime: new Date(0).toISOString(),
    time: over.time ?? 1.25,
    request: { method: over.method ?? 'GET', url: over.url ?? 'http://docker/v1.40/containers/json?all=1', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: over.up ?? 0 },
    response: { status: over.status ?? 200, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: over.down ?? 0, mimeType: 'application/json' }, redirectURL: '', headersSize: -1, bodySize: over.down ?? 0 },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _seq: 0,
    _kind: 'http',
  } as unknown as HarEntry;
  if (over.error) e._error = over.error;
  if (over.hijack) {
    e._hijack = {
      upgrade: 'tcp',
      clientToDaemon: { content: { size: over.hijack[0], mimeType: '' }, chunks: [] },
      daemonToClient: { content: { size: over.hijack[1], mimeType: '' }, chunks: [] },
    };
  }
  return e;
}

describe('docktape proxy -v lines', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536 * 1024, '1.5 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('formatBytes(%i) = %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it('names the operation from the operation table, with duration and bytes each way', () => {
    expect(exchangeLine(entry({ down: 2048 }), false)).toBe('200 GET /v1.40/containers/json?all=1 ContainerList 1.3 ms ↑0 B ↓2.0 KiB');
    expect(exchangeLine(entry({ method: 'POST', url: 'http://docker/v1.40/containers/abc/start', status: 204 }), false)).toBe('204 POST /v1.40/containers/abc/start ContainerStart 1.3 ms ↑0 B ↓0 B');
    expect(exchangeLine(entry({ url: 'http://docker/nope', status: 404, time: 1500 }), false)).toBe('404 GET /nope - 1.50 s ↑0 B ↓0 B');
  });

  it('counts a hijacked session both ways, and shows why an exchange failed', () => {
    const attach = entry({ method: 'POST', url: 'http://docker/v1.40/containers/abc/attach?stream=1', status: 101, up: 0, hijack: [6, 12] });
    expect(exchangeBytes(attach)).toEqual({ up: 6, down: 12 });
    expect(exchangeLine(entry({ status: 0, error: 'client aborted' }), false)).toMatch(/^--- GET .* \(client aborted\)$/);
  });

  it('colors the status by class on a terminal only', () => {
    expect(exchangeLine(entry({}), true)).toMatch(/^\u001b\[32m200\u001b\[39m /);
    expect(exchangeLine(entry({ status: 404 }), true)).toMatch(/^\u001b\[33m404/);
    expect(exchangeLine(entry({ status: 500 }), true)).toMatch(/^\u001b\[31m500/);
    expect(exchangeLine(entry({}), false)).not.toContain('\u001b');
  });

  it('sums the exchanges for the exit line', () => {
    const tally = new ExchangeTally();
    tally.add(entry({ up: 10, down: 2048 }));
    tally.add(entry({ hijack: [5, 7] }));
    expect(tally.summary('/r/x.har')).toBe('2 exchanges, ↑15 B ↓2.0 KiB, recorded in /r/x.har (sidecar bodies beside it in blobs/)');
    expect(new ExchangeTally().summary(undefined)).toBe('0 exchanges, ↑0 B ↓0 B, nothing recorded');
  });
});

describe('ExchangeTally summary with --validate and --audit', () => {
  it('counts violations and names the audit log with its dropped lines', () => {
    const tally = new ExchangeTally();
    tally.add(entry({ up: 0, down: 10 }), 2);
    tally.add(entry({ up: 0, down: 10 }));
    expect(tally.summary(undefined, { validated: true, audit: { target: '/l/a.jsonl', written: 3, dropped: 1 } })).toBe(
      '2 exchanges, ↑0 B ↓20 B, 2 conformance violations, nothing recorded, audit log /l/a.jsonl: 3 lines, 1 dropped',
    );
    expect(new ExchangeTally().summary('/r/x.har', { validated: true, audit: { target: '-', written: 0, dropped: 0 } })).toBe(
      '0 exchanges, ↑0 B ↓0 B, 0 conformance violations, recorded in /r/x.har (sidecar bodies beside it in blobs/), audit log stdout: 0 lines, 0 dropped',
    );
  });
});

describe('exchangeLine with --validate', () => {
  it('says on the line that the answer broke the contract, and where first', () => {
    const drifted = { ...entry({}), _conformance: { outcome: 'violations' as const, violations: [{ location: '/State/Pid', severity: 'error' as const, code: 'type', message: 'expected integer' }] } };
    expect(exchangeLine(drifted, false)).toMatch(/ \[1 conformance violation: \/State\/Pid…\]$/);
    expect(exchangeLine({ ...entry({}), _conformance: { outcome: 'valid', violations: [] } }, false)).not.toContain('conformance');
  });
});
