/**
 * Observers (stages.ts, exchange-facts.ts) against a small daemon double: they see every
 * exchange with the facts the entry lacks, held bodies when asked, and one that throws is a
 * warning, never a failed request.
 */
import http from 'node:http';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { HarEntry } from '@docktape/recording';
import type { FinishedFacts } from './exchange-facts.js';
import { startProxy, type RunningProxy } from './proxy-server.js';
import type { ProxyStages } from './stages.js';
import { resolveTarget } from './target.js';
import { startDaemonDouble, type DaemonDouble } from './testing/daemon-double.js';

let daemon: DaemonDouble;
let proxy: RunningProxy | undefined;

beforeEach(async () => {
  daemon = await startDaemonDouble((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"Id":"abc"}'));
  });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await daemon.close();
});

async function start(stages: ProxyStages, warnings: string[]): Promise<number> {
  proxy = await startProxy({ target: resolveTarget({ host: daemon.url }), listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, stages, warn: (m) => warnings.push(m) });
  return Number(new URL(proxy.url.replace('tcp:', 'http:')).port);
}

const get = (port: number, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });

it('tells observers who asked and how it ended, with the held body; a throwing observer is only a warning', async () => {
  const seen: [HarEntry, FinishedFacts][] = [];
  const warnings: string[] = [];
  const port = await start(
    {
      policy: [(request) => (request.url.includes('refuse') ? { refuse: { status: 403, message: 'no' } } : undefined)],
      entry: [],
      keepResponseBody: { limitBytes: 1024, wanted: (_m, _u, type) => type === 'application/json' },
      observe: [
        {
          finished: () => {
            throw new Error('observer bug');
          },
        },
        { finished: (entry, facts) => void seen.push([entry, facts]) },
      ],
    },
    warnings,
  );
  expect(await get(port, '/v1.40/containers/abc/json')).toEqual({ status: 200, body: '{"Id":"abc"}' });
  expect((await get(port, '/v1.40/containers/refuse/json')).status).toBe(403);
  await vi.waitFor(() => expect(seen).toHaveLength(2));
  const [answered, refused] = [seen.find(([e]) => e.response.status === 200)!, seen.find(([e]) => e.response.status === 403)!];
  expect(answered[1]).toMatchObject({ method: 'GET', url: '/v1.40/containers/abc/json', recorded: false, termination: 'complete', client: { transport: 'tcp', address: '127.0.0.1' } });
  expect(answered[1].responseBody?.toString()).toBe('{"Id":"abc"}');
  expect(refused[1]).toMatchObject({ termination: 'refused' });
  expect(warnings.filter((w) => w.includes('observer bug'))).toHaveLength(2);
});
