/**
 * The engine API both adapters use, without msw and without sockets: an in-memory recording,
 * requests in, answers out.
 */
import { describe, expect, it } from 'vitest';
import { answerRequest, answerUpgrade, type Answer, type Carrier, type IncomingRequest } from './answer-request.js';
import { HijackClient } from './hijack-replay.js';
import { ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { BodyFactsBuilder } from './request-facts.js';
import { inlineStream, sampleRecording } from './testing/sample-recording.js';

const MSW: Carrier = { name: 'msw', upgrades: false };
const DAEMON: Carrier = { name: 'the replay daemon', upgrades: true };
const REC_ID = 'a'.repeat(64);

const recording = sampleRecording([
  { method: 'POST', url: '/v1.40/containers/create?name=rec', requestBody: '{"Image":"busybox"}', status: 201, statusText: 'Created', body: `{"Id":"${REC_ID}","Warnings":[]}` },
  { url: `/v1.40/containers/${REC_ID}/json`, body: `{"Id":"${REC_ID}","Name":"/rec"}`, headers: [['Content-Type', 'application/json'], ['Api-Version', '1.40'], ['Transfer-Encoding', 'chunked']] },
  { url: `/v1.40/containers/${REC_ID}/logs?follow=1`, headers: [['Content-Type', 'text/plain']], body: 'one\ntwo\n', chunks: [[0, 4], [5, 4]] },
  { method: 'POST', url: `/v1.40/containers/${REC_ID}/attach?stream=1`, status: 101, statusText: 'UPGRADED', headers: [['Upgrade', 'tcp']], hijack: { upgrade: 'tcp', clientToDaemon: inlineStream('', []), daemonToClient: inlineStream('', []) } },
  { method: 'POST', url: '/v1.40/containers/missing/attach?stream=1', status: 404, statusText: 'Not Found', body: '{"message":"No such container: missing"}\n' },
]);

/** A request as an adapter would pass it; `read` records whether the body was read. */
function request(method: string, url: string, over: Partial<IncomingRequest> & { text?: string } = {}): IncomingRequest & { read: boolean } {
  const req = {
    method,
    url,
    read: false,
    ...over,
    body: async () => {
      req.read = true;
      if (over.text === undefined) return undefined;
      const facts = new BodyFactsBuilder();
      facts.push(Buffer.from(over.text));
      return facts.done();
    },
  };
  return req;
}

async function text(answer: Answer): Promise<string> {
  if (answer.kind === 'error') return answer.body;
  if (answer.kind === 'held') return '';
  let out = '';
  if (answer.body) for await (const chunk of answer.body) out += Buffer.from(chunk).toString();
  return out;
}

async function created(engine: ReplayEngine): Promise<string> {
  const answer = await answerRequest(engine, request('POST', 'http://docker/v1.41/containers/create?name=live-1', { text: '{ "Image": "busybox" }' }), MSW);
  expect(answer).toMatchObject({ kind: 'response', status: 201 });
  return (JSON.parse(await text(answer)) as { Id: string }).Id;
}

describe('answerRequest', () => {
  it('answers the recorded status, headers (hop-by-hop left out) and body, with live ids and names', async () => {
    const engine = new ReplayEngine([recording], { ids: 'fresh' });
    const id = await created(engine);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toBe(REC_ID);
    const answer = await answerRequest(engine, request('GET', `/containers/${id}/json`), DAEMON);
    expect(answer).toMatchObject({ kind: 'response', status: 200, statusText: 'OK' });
    if (answer.kind !== 'response') return;
    expect(answer.headers).toEqual([['Content-Type', 'application/json'], ['Api-Version', '1.40']]);
    expect(JSON.parse(await text(answer))).toEqual({ Id: id, Name: '/live-1' });
    expect(engine.errors).toEqual([]);
  });

  it('streams a body along its recorded chunks', async () => {
    const engine = new ReplayEngine([recording], { ids: 'recorded' });
    const answer = await answerRequest(engine, request('GET', `/v1.40/containers/${REC_ID}/logs?follow=1`), MSW);
    const chunks: string[] = [];
    if (answer.kind === 'response' && answer.body) for await (const c of answer.body) chunks.push(Buffer.from(c).toString());
    expect(chunks).toEqual(['one\n', 'two\n']);
  });

  it('an unmatched request is a 500 naming the closest exchange, reported, not matched', async () => {
    const engine = new ReplayEngine([recording]);
    const answer = await answerRequest(engine, request('GET', '/containers/nope/json'), MSW);
    expect(answer).toMatchObject({ kind: 'error', matched: false, status: 500, headers: [['X-Docktape-Replay', 'unmatched']] });
    const { message } = JSON.parse(await text(answer)) as { message: string };
    expect(message).toMatch(/^\[docktape replay\] no recorded exchange matches GET \/containers\/nope\/json\. Closest recorded exchanges:\n {2}- GET \/containers\/a{64}\/json/);
    expect(engine.errors.map((e) => e.code)).toEqual(['unmatched']);
    expect(engine.errors[0]).toBeInstanceOf(ReplayError);
  });

  it('a request served already is exhausted', async () => {
    const engine = new ReplayEngine([recording], { ids: 'recorded' });
    const inspect = () => answerRequest(engine, request('GET', `/containers/${REC_ID}/json`), MSW);
    expect((await inspect()).kind).toBe('response');
    expect(await inspect()).toMatchObject({ kind: 'error', matched: false, error: { code: 'exhausted' } });
  });

  it('a carrier without upgrades refuses a hijack before reading or matching it', async () => {
    const engine = new ReplayEngine([recording], { ids: 'recorded' });
    const req = request('POST', `http://docker/v1.40/containers/${REC_ID}/attach?stream=1`, { upgrade: 'tcp' });
    const answer = await answerRequest(engine, req, MSW);
    expect(answer).toMatchObject({ kind: 'error', matched: false, error: { code: 'unmatched' } });
    expect(engine.errors.at(-1)?.message).toBe(
      `[docktape replay] POST /v1.40/containers/${REC_ID}/attach asks for a hijacked stream (Upgrade: tcp), which msw cannot carry: ` +
        'replay it through the replay daemon (startReplayDaemon) in a test where msw is not listening',
    );
    expect(req.read).toBe(false);
    expect(engine.served).toEqual([]);
  });

  it.each([
    ['msw', MSW, /was recorded as a hijacked stream \(\/recordings\/sample\.har entry 3 \(_seq 3\)\); msw cannot carry one/],
    ['the replay daemon', DAEMON, /was recorded as a hijacked stream: send it with "Upgrade: tcp"/],
  ])('a hijack recorded, asked without Upgrade, is refused by %s', async (_name, carrier, message) => {
    const engine = new ReplayEngine([recording], { ids: 'recorded' });
    const answer = await answerRequest(engine, request('POST', `/containers/${REC_ID}/attach?stream=1`), carrier);
    expect(answer).toMatchObject({ kind: 'error', matched: true, error: { code: 'unmatched' } });
    expect(engine.errors.at(-1)?.message).toMatch(message);
  });

  it('a sidecar that cannot be opened is a 500 with code fixture, before any head', async () => {
    const broken = sampleRecording([{ url: '/containers/x/export', headers: [['Content-Type', 'application/x-tar']] }], '/nowhere/broken.har');
    const content = broken.entries[0]!.response.content;
    Object.assign(content, { text: '', size: 3, _file: `blobs/${'b'.repeat(64)}`, _sha256: 'b'.repeat(64) });
    const engine = new ReplayEngine([broken]);
    const answer = await answerRequest(engine, request('GET', '/containers/x/export'), DAEMON);
    expect(answer).toMatchObject({ kind: 'error', matched: true, status: 500, headers: [['X-Docktape-Replay', 'fixture']] });
    expect(engine.errors.map((e) => [e.code, e.fixture?.entry?.index])).toEqual([['fixture', 0]]);
  });
});

describe('answerUpgrade', () => {
  it('an exchange the daemon did not upgrade is one whole response, delimited by its length', async () => {
    const engine = new ReplayEngine([recording], { ids: 'recorded' });
    const answer = await answerUpgrade(engine, request('POST', '/v1.40/containers/missing/attach?stream=1', { upgrade: 'tcp' }));
    expect(answer).toMatchObject({ kind: 'response', status: 404 });
    if (answer.kind !== 'response') return;
    const body = '{"message":"No such container: missing"}\n';
    expect(answer.headers).toEqual([['Content-Type', 'application/json'], ['Content-Length', String(body.length)], ['Connection', 'close']]);
    expect(await text(answer)).toBe(body);
  });

  it('answers a websocket upgrade with the live key accepted (RFC 6455 §1.3 example)', async () => {
    const ws = sampleRecording([
      {
        url: '/v1.40/containers/c/attach/ws?stream=1',
        status: 101,
        statusText: 'Switching Protocols',
        headers: [['Upgrade', 'websocket'], ['Sec-WebSocket-Accept', 'recorded-accept']],
        hijack: { upgrade: 'websocket', clientToDaemon: inlineStream('', []), daemonToClient: inlineStream('', []) },
      },
    ]);
    const answer = await answerUpgrade(new ReplayEngine([ws]), request('GET', '/v1.40/containers/c/attach/ws?stream=1', { upgrade: 'websocket', webSocketKey: 'dGhlIHNhbXBsZSBub25jZQ==' }));
    expect(answer).toMatchObject({ kind: 'upgrade', status: 101, headers: [['Upgrade', 'websocket'], ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=']] });
  });

  it('replays the daemon side causally: an echo after what it echoes, the end after the client half-closed', async () => {
    const echo = sampleRecording([
      {
        method: 'POST',
        url: '/v1.40/exec/e/start',
        requestBody: '{"Detach":false}',
        status: 101,
        statusText: 'UPGRADED',
        hijack: { upgrade: 'tcp', clientToDaemon: inlineStream('abc', [[5, 3]], 8), daemonToClient: inlineStream('$ abc', [[1, 2], [6, 3]], 9) },
      },
    ]);
    const engine = new ReplayEngine([echo]);
    const body = '{"Detach":false}';
    const client = new HijackClient(body.length);
    client.push(Buffer.from(body));
    const answer = await answerUpgrade(engine, { method: 'POST', url: '/exec/e/start', upgrade: 'tcp', body: () => client.body() });
    expect(answer.kind).toBe('upgrade');
    if (answer.kind !== 'upgrade') return;
    const sent: string[] = [];
    let ended = false;
    const replaying = answer.replay(client, { send: async (b) => void sent.push(Buffer.from(b).toString()), end: () => (ended = true), destroy: () => undefined });
    await turn();
    expect(sent).toEqual(['$ ']);
    client.push(Buffer.from('abc'));
    await turn();
    expect([sent, ended]).toEqual([['$ ', 'abc'], false]);
    client.halfClosed();
    await replaying;
    expect([sent, ended]).toEqual([['$ ', 'abc'], true]);
    expect(engine.errors).toEqual([]);
  });
});

/** Lets every pending promise settle: with timing `none` the replay waits on nothing else. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
