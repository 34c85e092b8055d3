/**
 * Replay's own guarantees: strict matching with a message naming the closest recorded
 * exchanges, recorded order for repeated requests, running out (fail or loop), version prefixes
 * folded. Broken fixtures (corrupt, truncated, missing or changed blobs) are in
 * corrupt-fixtures.replay.test.ts.
 */
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDockerClient, DockerApiError } from '@docktape/client';
import { createReplayHandlers, loadFixtures, ReplayEngine, ReplayError } from '@docktape/replay';
import { FIXTURES } from './support/replay-harness.js';

const inspectsOf = (engine: ReplayEngine, id: string) =>
  engine.exchanges.filter((x) => x.request.method === 'GET' && x.request.path === `/containers/${id}/json`);

describe('matching', () => {
  let engine: ReplayEngine;
  const server = setupServer();
  const client = createDockerClient({ host: 'tcp://127.0.0.1:9', fetch: (input, init) => globalThis.fetch(input, init) });
  beforeAll(async () => {
    engine = new ReplayEngine(await loadFixtures(path.join(FIXTURES, 'json-ops')), { ids: 'recorded' });
    server.use(...createReplayHandlers(engine));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => server.close());

  it('an unmatched request fails with the closest recorded exchanges and how they differ', async () => {
    const err = await client.containers.inspect('some-other-name').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    const message = (err as DockerApiError).daemonMessage;
    expect(message).toMatch(/^\[docktape replay\] no recorded exchange matches GET \/containers\/some-other-name\/json\. Closest recorded exchanges:/);
    const closest = message.split('\n').slice(1);
    expect(closest).toHaveLength(3);
    for (const line of closest) expect(line).toMatch(/^ {2}- GET \/containers\/[^/]+\/json \(.*\): path \/containers\/some-other-name\/json, recorded \/containers\/[^/]+\/json$/);
    expect(message).toMatch(/recording\.har entry \d+ \(_seq \d+\)/);
    expect(engine.errors.at(-1)).toBeInstanceOf(ReplayError);
    expect(engine.errors.at(-1)?.code).toBe('unmatched');
  });

  it('a hijacked attach under msw is refused without using up a recorded exchange, and engine.errors says why', async () => {
    const served = engine.served.length;
    // msw never hands the answer to an upgrade request back to the client: the attach hangs
    // until aborted, so the reason is in engine.errors. Abort once the refusal is there.
    const errorsBefore = engine.errors.length;
    const abort = new AbortController();
    const attaching = client.containers.attach('whatever', { tty: false, signal: abort.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(engine.errors.length).toBeGreaterThan(errorsBefore), { timeout: 60_000 });
    abort.abort();
    expect(await attaching).toBeInstanceOf(Error);
    expect(engine.errors.at(-1)?.message).toMatch(/asks for a hijacked stream \(Upgrade: tcp\), which msw cannot carry: replay it through the replay daemon/);
    expect(engine.served.length).toBe(served);
  });

  it('repeated identical requests replay in recorded order: inspect before and after start differ', async () => {
    const id = (JSON.parse(engine.exchanges[0]!.entry.response.content.text!) as { Id: string }).Id;
    const recorded = inspectsOf(engine, id);
    expect(recorded.length).toBeGreaterThan(3);
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await client.containers.inspect(id)).State?.Running);
    expect(states).toEqual(recorded.slice(0, 3).map((x) => (JSON.parse(x.entry.response.content.text!) as { State: { Running: boolean } }).State.Running));
    expect(states[0]).toBe(false);
    expect(states).toContain(true);
  });

  it('headers as recorded (Content-Type, Api-Version, ...), hop-by-hop ones left to the transport', async () => {
    const fresh = new ReplayEngine(engine.recordings, { ids: 'recorded' });
    const local = setupServer(...createReplayHandlers(fresh));
    server.close();
    local.listen({ onUnhandledRequest: 'error' });
    try {
      const list = fresh.exchanges.find((x) => x.request.path === '/containers/json')!;
      const res = await fetch(list.entry.request.url.replace(/^http:\/\/[^/]+/, 'http://docker'));
      const recorded = list.entry.response.headers.filter((h) => !['transfer-encoding', 'connection', 'content-length'].includes(h.name.toLowerCase()));
      expect(recorded.map((h) => h.name.toLowerCase())).toEqual(expect.arrayContaining(['api-version', 'content-type']));
      for (const h of recorded) expect([h.name, res.headers.get(h.name)]).toEqual([h.name, h.value]);
      expect(await res.text()).toBe(list.entry.response.content.text);
    } finally {
      local.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });

  it('a version prefix is folded: /v1.41/x and /x match a recorded /v1.40/x', () => {
    const list = engine.exchanges.find((x) => x.request.path === '/containers/json')!;
    const query = new URLSearchParams(list.request.query).toString();
    const fresh = new ReplayEngine(engine.recordings, { ids: 'recorded' });
    expect(fresh.take({ method: 'GET', url: `http://docker/v1.41/containers/json?${query}` }).entry._seq).toBe(list.entry._seq);
    const again = new ReplayEngine(engine.recordings, { ids: 'recorded' });
    expect(again.take({ method: 'GET', url: `/containers/json?${query}` }).entry._seq).toBe(list.entry._seq);
  });

  it('a recording that runs out fails by default, or starts over with onExhausted: loop', () => {
    const id = (JSON.parse(engine.exchanges[0]!.entry.response.content.text!) as { Id: string }).Id;
    const count = inspectsOf(engine, id).length;
    const url = `/v1.40/containers/${id}/json`;
    const failing = new ReplayEngine(engine.recordings, { ids: 'recorded' });
    const looping = new ReplayEngine(engine.recordings, { ids: 'recorded', onExhausted: 'loop' });
    const seqs = [];
    for (let i = 0; i < count; i++) {
      failing.take({ method: 'GET', url });
      seqs.push(looping.take({ method: 'GET', url }).entry._seq);
    }
    expect(() => failing.take({ method: 'GET', url })).toThrow(/the recording ran out: all \d+ matching exchange\(s\) were replayed already/);
    expect(looping.take({ method: 'GET', url }).entry._seq).toBe(seqs[0]);
  });
});
