/**
 * Issue 12, in the engine (both adapters serve these answers): a body keeps the recording's
 * causal order, and an exchange whose recorded client left is held open until the live one
 * leaves. In-memory recordings; every wait is on an event (an abort, a served exchange).
 */
import { describe, expect, it, vi } from 'vitest';
import { answerRequest, answerUpgrade, type Answer, type Carrier, type IncomingRequest } from './answer-request.js';
import { HijackClient } from './hijack-replay.js';
import { ReplayEngine } from './replay-engine.js';
import { inlineStream, sampleRecording } from './testing/sample-recording.js';

const DAEMON: Carrier = { name: 'the replay daemon', upgrades: true };
const C = 'c'.repeat(64);
const CUT = 'client closed the connection before the response ended (Premature close)';

// logs -f from 10 s, a line at once, then `bye` at +2 s, after the kill (answered at 11.1 s)
const killed = sampleRecording([
  { url: `/v1.40/containers/${C}/logs?follow=1&stdout=1`, headers: [['Content-Type', 'text/plain']], body: 'line0\nbye\n', chunks: [[0, 6], [2000, 4]], startMs: 10_000, time: 3000 },
  { method: 'POST', url: `/v1.40/containers/${C}/kill`, status: 204, statusText: 'No Content', startMs: 11_000, time: 100 },
  { url: `/v1.40/containers/${C}/json`, body: `{"Id":"${C}"}`, startMs: 14_000 },
]);

// run -d: a wait the client never saw answered (no head), and a stats stream it stopped reading
const leftEarly = sampleRecording([
  { method: 'POST', url: `/v1.40/containers/${C}/wait?condition=next-exit`, status: 0, statusText: '', body: '', error: 'client aborted' },
  { url: `/v1.40/containers/${C}/stats`, body: '{"n":1}\n{"n":2}\n', chunks: [[1000, 8], [2000, 8]], time: 2500, error: CUT },
]);

function request(method: string, url: string, signal?: AbortSignal): IncomingRequest {
  return { method, url, body: async () => undefined, ...(signal ? { signal } : {}) };
}

function bodyOf(answer: Answer): AsyncGenerator<Uint8Array> {
  if (answer.kind !== 'response' || !answer.body) throw new Error(`expected a body, got ${answer.kind}`);
  return answer.body;
}

const text = (r: IteratorResult<Uint8Array>) => (r.done ? 'END' : Buffer.from(r.value).toString());

/** Tracks whether a promise has settled, without waiting for it. */
function settled<T>(p: Promise<T>): { readonly done: boolean; value: Promise<T> } {
  const s = { done: false, value: p };
  p.then(
    () => (s.done = true),
    () => (s.done = true),
  );
  return s;
}

describe('causal order', () => {
  it('a logs -f line recorded after a kill is not served before the kill is replayed', async () => {
    const engine = new ReplayEngine([killed], { ids: 'recorded' });
    const body = bodyOf(await answerRequest(engine, request('GET', `/containers/${C}/logs?follow=1&stdout=1`), DAEMON));
    expect(text(await body.next())).toBe('line0\n');
    const bye = settled(body.next());
    // the body is waiting on the gate, for the kill and nothing else
    await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
    expect(engine.causal.pending(engine.exchanges[0]!, 2000).map((x) => x.request.path)).toEqual([`/containers/${C}/kill`]);
    expect(bye.done).toBe(false);
    await answerRequest(engine, request('POST', `/containers/${C}/kill`), DAEMON);
    expect(text(await bye.value)).toBe('bye\n');
    expect(text(await body.next())).toBe('END');
  });

  it('a line waiting for a kill this run went past (it asked what came after) is served', async () => {
    const engine = new ReplayEngine([killed], { ids: 'recorded' });
    const body = bodyOf(await answerRequest(engine, request('GET', `/containers/${C}/logs?follow=1&stdout=1`), DAEMON));
    await body.next();
    const bye = body.next();
    await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
    await answerRequest(engine, request('GET', `/containers/${C}/json`), DAEMON);
    expect(text(await bye)).toBe('bye\n');
  });

  it('a client that leaves while a line waits ends its body', async () => {
    const engine = new ReplayEngine([killed], { ids: 'recorded' });
    const left = new AbortController();
    const body = bodyOf(await answerRequest(engine, request('GET', `/containers/${C}/logs?follow=1&stdout=1`, left.signal), DAEMON));
    await body.next();
    const next = body.next();
    left.abort();
    expect(text(await next)).toBe('END');
    expect(engine.causal.waiting).toBe(0);
  });
});

describe('causal order of a hijacked stream', () => {
  // docker run -a: attach asked first, its output only after the start was answered
  const attached = sampleRecording([
    {
      method: 'POST',
      url: `/v1.40/containers/${C}/attach?stream=1&stdout=1`,
      status: 101,
      statusText: 'UPGRADED',
      headers: [['Upgrade', 'tcp']],
      hijack: { upgrade: 'tcp', clientToDaemon: inlineStream('', []), daemonToClient: inlineStream('hi\n', [[2000, 3]], 2500) },
      startMs: 10_000,
      time: 2600,
    },
    { method: 'POST', url: `/v1.40/containers/${C}/start`, status: 204, statusText: 'No Content', startMs: 11_000, time: 100 },
  ]);

  it('attach output recorded after the start is not sent before the start is replayed', async () => {
    const engine = new ReplayEngine([attached], { ids: 'recorded' });
    const client = new HijackClient(0);
    const answer = await answerUpgrade(engine, { method: 'POST', url: `/containers/${C}/attach?stream=1&stdout=1`, upgrade: 'tcp', body: () => client.body() });
    if (answer.kind !== 'upgrade') throw new Error(`expected an upgrade, got ${answer.kind}`);
    const sent: string[] = [];
    let ended = false;
    const replaying = answer.replay(client, { send: async (b) => void sent.push(Buffer.from(b).toString()), end: () => (ended = true), destroy: () => undefined });
    await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
    expect(sent).toEqual([]);
    await answerRequest(engine, request('POST', `/containers/${C}/start`), DAEMON);
    await replaying;
    expect([sent, ended]).toEqual([['hi\n'], true]);
  });

  it('a client that hangs up while output waits ends the replay', async () => {
    const engine = new ReplayEngine([attached], { ids: 'recorded' });
    const client = new HijackClient(0);
    const answer = await answerUpgrade(engine, { method: 'POST', url: `/containers/${C}/attach?stream=1&stdout=1`, upgrade: 'tcp', body: () => client.body() });
    if (answer.kind !== 'upgrade') throw new Error(`expected an upgrade, got ${answer.kind}`);
    const sent: string[] = [];
    const replaying = answer.replay(client, { send: async (b) => void sent.push(Buffer.from(b).toString()), end: () => undefined, destroy: () => undefined });
    await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
    client.hungUp();
    await replaying;
    expect([sent, engine.causal.waiting]).toEqual([[], 0]);
  });
});

describe('held open', () => {
  it('an exchange the daemon had not answered when its client left gets no answer until the live client leaves', async () => {
    const engine = new ReplayEngine([leftEarly], { ids: 'recorded' });
    const left = new AbortController();
    const answer = await answerRequest(engine, request('POST', `/containers/${C}/wait?condition=next-exit`, left.signal), DAEMON);
    expect(answer.kind).toBe('held');
    if (answer.kind !== 'held') return;
    const gone = settled(answer.left);
    await turn();
    expect([gone.done, engine.holding]).toEqual([false, 1]);
    left.abort();
    await answer.left;
    expect(engine.errors).toEqual([]);
  });

  it('a stream the client stopped reading is served as recorded, then held open, never ended early', async () => {
    const engine = new ReplayEngine([leftEarly], { ids: 'recorded' });
    const left = new AbortController();
    const answer = await answerRequest(engine, request('GET', `/containers/${C}/stats`, left.signal), DAEMON);
    expect(answer).toMatchObject({ kind: 'response', status: 200 });
    const body = bodyOf(answer);
    expect([text(await body.next()), text(await body.next())]).toEqual(['{"n":1}\n', '{"n":2}\n']);
    const end = settled(body.next());
    await vi.waitFor(() => expect(engine.holding).toBe(1));
    expect(end.done).toBe(false);
    left.abort();
    expect(text(await end.value)).toBe('END');
    expect(engine.holding).toBe(0);
  });
});

/** Lets every pending promise settle: with timing `none` the replay waits on nothing else. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
