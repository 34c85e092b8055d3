import { UNREACHABLE_HINT } from './docker-error.js';
import { describe, expect, it } from 'vitest';
import { closingError, hijackStep, initialHijackState, isHijackedResponse, type HijackAction, type HijackEvent, type HijackState } from './hijack-states.js';

const fresh = initialHijackState('unix:///d.sock');
const with_ = (patch: Partial<HijackState>): HijackState => ({ ...fresh, ...patch });

// one row per transition: from-state, event, the state after (what changed), the actions
const rows: Array<[string, HijackState, HijackEvent, Partial<HijackState>, HijackAction[]]> = [
  ['a 101 is a hijack', fresh, { type: 'daemon-head', status: 101, contentType: 'application/vnd.docker.raw-stream', upgrade: 'tcp' }, { hijacked: true }, []],
  ['a 101 websocket reads frames', fresh, { type: 'daemon-head', status: 101, contentType: '', upgrade: 'websocket' }, { hijacked: true }, [{ type: 'read-websocket-frames' }]],
  ['a legacy 200 with a docker stream is a hijack', fresh, { type: 'daemon-head', status: 200, contentType: 'application/vnd.docker.multiplexed-stream', upgrade: 'none' }, { hijacked: true }, []],
  ['a 404 is a plain answer', fresh, { type: 'daemon-head', status: 404, contentType: 'application/json', upgrade: 'tcp' }, { hijacked: false }, []],
  ['the first daemon byte', fresh, { type: 'daemon-data' }, { daemonSpoke: true }, []],
  ['client FIN is stamped', fresh, { type: 'client-ended', at: 1.5 }, { clientEndedAt: 1.5 }, []],
  ['a second client FIN keeps the first stamp', with_({ clientEndedAt: 1 }), { type: 'client-ended', at: 2 }, { clientEndedAt: 1 }, []],
  ['daemon FIN is stamped', fresh, { type: 'daemon-ended', at: 3 }, { daemonEndedAt: 3 }, []],
  ['a second daemon FIN keeps the first stamp', with_({ daemonEndedAt: 3 }), { type: 'daemon-ended', at: 4 }, { daemonEndedAt: 3 }, []],
  [
    'daemon fails before a byte: the proxy answers 502',
    fresh,
    { type: 'daemon-error', message: 'ECONNREFUSED', clientDestroyed: false },
    { answeredBadGateway: true, error: `cannot reach the Docker daemon at unix:///d.sock: ECONNREFUSED${UNREACHABLE_HINT}` },
    [{ type: 'answer-bad-gateway', message: `cannot reach the Docker daemon at unix:///d.sock: ECONNREFUSED${UNREACHABLE_HINT}` }],
  ],
  ['daemon fails before a byte, client already gone', fresh, { type: 'daemon-error', message: 'EPIPE', clientDestroyed: true }, { error: 'daemon connection failed: EPIPE' }, [{ type: 'destroy-client' }]],
  ['daemon fails mid-stream', with_({ daemonSpoke: true }), { type: 'daemon-error', message: 'ECONNRESET', clientDestroyed: false }, { error: 'daemon connection failed: ECONNRESET' }, [{ type: 'destroy-client' }]],
  ['daemon fails after another failure: the first is kept', with_({ daemonSpoke: true, error: 'first' }), { type: 'daemon-error', message: 'x', clientDestroyed: false }, { error: 'first' }, [{ type: 'destroy-client' }]],
  ['client fails', fresh, { type: 'client-error', message: 'ECONNRESET' }, { error: 'client connection failed: ECONNRESET' }, [{ type: 'destroy-daemon' }]],
  ['client fails after another failure: the first is kept', with_({ error: 'first' }), { type: 'client-error', message: 'x' }, { error: 'first' }, [{ type: 'destroy-daemon' }]],
  ['daemon closes first: the client drains, then closes', fresh, { type: 'daemon-closed', clientDestroyed: false }, { daemonClosed: true }, [{ type: 'close-client-soon' }]],
  ['daemon closes after the client: finish', with_({ clientClosed: true }), { type: 'daemon-closed', clientDestroyed: true }, { clientClosed: true, daemonClosed: true }, [{ type: 'finish' }]],
  ['client closes first: the daemon side goes too', fresh, { type: 'client-closed', daemonDestroyed: false }, { clientClosed: true }, [{ type: 'destroy-daemon' }]],
  ['client closes after the daemon: finish', with_({ daemonClosed: true }), { type: 'client-closed', daemonDestroyed: true }, { clientClosed: true, daemonClosed: true }, [{ type: 'finish' }]],
  ['client closes, daemon closed but not destroyed yet', with_({ daemonClosed: true }), { type: 'client-closed', daemonDestroyed: false }, { clientClosed: true, daemonClosed: true }, [{ type: 'destroy-daemon' }, { type: 'finish' }]],
];

describe('hijackStep', () => {
  it.each(rows)('%s', (_name, from, event, changed, actions) => {
    const step = hijackStep(from, event);
    expect(step.state).toEqual({ ...from, ...changed });
    expect(step.actions).toEqual(actions);
  });

  it('finishes exactly once, whichever side closes first', () => {
    for (const order of [['client-closed', 'daemon-closed'], ['daemon-closed', 'client-closed']] as const) {
      let state = fresh;
      const all: HijackAction[] = [];
      for (const type of order) {
        const step = hijackStep(state, type === 'client-closed' ? { type, daemonDestroyed: true } : { type, clientDestroyed: true });
        state = step.state;
        all.push(...step.actions);
      }
      expect(all.filter((a) => a.type === 'finish')).toHaveLength(1);
    }
  });
});

describe('closingError', () => {
  it.each<[string, HijackState, boolean, string | undefined, string | undefined]>([
    ['an answered, clean relay has none', fresh, true, undefined, undefined],
    ['no head and no error: closed before the answer', fresh, false, undefined, 'connection closed before the daemon answered'],
    ['no head, unparsable: the parser says why', fresh, false, 'not HTTP', 'not HTTP'],
    ['an earlier error wins', with_({ error: 'client connection failed: x' }), false, 'not HTTP', 'client connection failed: x'],
  ])('%s', (_name, state, headSeen, headFailure, want) => {
    expect(closingError(state, headSeen, headFailure)).toBe(want);
  });
});

it.each<[number, string, boolean]>([
  [101, '', true],
  [200, 'application/vnd.docker.raw-stream', true],
  [200, 'application/vnd.docker.multiplexed-stream', true],
  [200, 'application/json', false],
  [500, 'text/plain', false],
])('isHijackedResponse(%i, %j) is %s', (status, contentType, want) => {
  expect(isHijackedResponse(status, contentType)).toBe(want);
});
