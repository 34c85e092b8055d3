/**
 * Issue 12, points 1 and 3, from the committed fixtures, through msw and the replay daemon:
 * - wait in two phases: `registered` before the start, the exit code only once the start that
 *   ended the container has been replayed (the causal order of the recording, causal-gate.ts);
 * - an exchange whose client left before the daemon answered (`docker run -d`'s background wait)
 *   stays open, unanswered, until the live client leaves (held-open.ts).
 * Waits on events only: the engine's waiting chunks, a round trip, an abort.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { HarEntry, Recording } from '@docktape/recording';
import { loadFixtures, ReplayEngine } from '@docktape/replay';
import { logsWait } from '../../tools/fixtures/scenarios/index.js';
import { engineFor, FIXTURES, replayClient } from './support/replay-harness.js';

// logs-wait: the first container (`sh -c 'echo out; echo err >&2'`, exit 0): create, wait, start
const PLAIN = '7c8683aa237d09d96e10aac1beeeeba26bbaa5d7d2f1a8e4ed8226e51994cc29';
// docker-cli: `docker run -d --name dtr-running`: the CLI left with its wait unanswered (the
// session's last such wait; found in the fixture, which is re-recorded as the session grows)
const RUNNING = await cutWaitOf(path.join(FIXTURES, 'docker-cli'));

describe.each(['msw', 'replay daemon'] as const)('replay holds and orders through %s', (via) => {
  it('wait.registered resolves before start, and the exit code arrives only after the replayed start', async () => {
    const engine = await engineFor(logsWait, { ids: 'recorded' });
    const { client, close } = await replayClient(via, engine);
    const done = new AbortController(); // a failed assertion must not leave the wait (and close) hanging
    try {
      const order: string[] = [];
      const wait = client.containers.wait(PLAIN, { condition: 'next-exit' }, { signal: done.signal });
      const exited = wait.result.then((r) => void order.push(`exit ${r.StatusCode}`));
      await wait.registered;
      order.push('registered');
      // the body is being read, and held by the replay until the start is replayed
      await vi.waitFor(() => expect(engine.causal.waiting).toBe(1));
      order.push('start');
      await client.containers.start(PLAIN);
      await exited;
      expect(order).toEqual(['registered', 'start', 'exit 0']);
      expect(engine.errors).toEqual([]);
    } finally {
      done.abort();
      await close();
    }
  });

  it('a wait the recorded client left unanswered stays open until the live client aborts', async () => {
    const engine = new ReplayEngine(await loadFixtures(path.join(FIXTURES, 'docker-cli')), { ids: 'recorded' });
    const { client, close } = await replayClient(via, engine);
    const left = new AbortController();
    try {
      const wait = client.containers.wait(RUNNING, { condition: 'next-exit' }, { signal: left.signal });
      let outcome = 'pending';
      const settled = wait.result.then(
        () => (outcome = 'answered'),
        () => (outcome = left.signal.aborted ? 'aborted' : 'ended'),
      );
      await wait.registered;
      // the replay holds the body open: it has nothing more to send until the client leaves
      await vi.waitFor(() => expect(engine.holding).toBe(1));
      // and a whole round trip later, nothing has ended it
      await client.containers.start(RUNNING);
      expect(outcome).toBe('pending');
      left.abort();
      await settled;
      expect(outcome).toBe('aborted');
      await vi.waitFor(() => expect(engine.holding).toBe(0));
      expect(engine.errors).toEqual([]);
    } finally {
      left.abort();
      await close();
    }
  });
});

/**
 * No committed fixture has a request the daemon never answered at all (status 0: the client left
 * before the head); `docker run -d` against a slower daemon records one. Built here, one entry.
 */
function neverAnswered(): Recording {
  const url = `http://docker/v1.40/containers/${RUNNING}/wait?condition=next-exit`;
  const entry: HarEntry = {
    startedDateTime: new Date(0).toISOString(),
    time: 5,
    request: { method: 'POST', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
    response: { status: 0, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '', text: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _seq: 0,
    _kind: 'http',
    _error: 'client aborted',
  };
  return { file: '/recordings/never-answered.har', info: { formatVersion: 1, proxyVersion: 'test', target: 'unix:///var/run/docker.sock', startedDateTime: entry.startedDateTime }, entries: [entry], fromJournal: false, warnings: [] };
}

describe.each(['msw', 'replay daemon'] as const)('replay holds through %s, unanswered', (via) => {
  it('a request the daemon never answered gets no answer, not even a head, until the client aborts', async () => {
    const engine = new ReplayEngine([neverAnswered()], { ids: 'recorded' });
    const { client, close } = await replayClient(via, engine);
    const left = new AbortController();
    try {
      const wait = client.containers.wait(RUNNING, { condition: 'next-exit' }, { signal: left.signal });
      let outcome = 'pending';
      const settled = wait.registered.then(
        () => (outcome = 'answered'),
        () => (outcome = left.signal.aborted ? 'aborted' : 'failed'),
      );
      await vi.waitFor(() => expect(engine.holding).toBe(1));
      expect(outcome).toBe('pending');
      left.abort();
      await settled;
      expect(outcome).toBe('aborted');
      await vi.waitFor(() => expect(engine.holding).toBe(0));
      expect(engine.errors).toEqual([]);
    } finally {
      left.abort();
      await close();
    }
  });
});

/** The container of the last recorded wait whose client left before the body ended. */
async function cutWaitOf(dir: string): Promise<string> {
  const ids = (await loadFixtures(dir)).flatMap((r) =>
    r.entries.flatMap((e) => {
      const m = /\/containers\/([0-9a-f]{64})\/wait\?/.exec(e.request.url);
      return m && e._error?.startsWith('client ') ? [m[1]!] : [];
    }),
  );
  if (ids.length === 0) throw new Error(`${dir} holds no wait its client left: re-record it (npm run fixtures:record -- docker-cli)`);
  return ids.at(-1)!;
}
