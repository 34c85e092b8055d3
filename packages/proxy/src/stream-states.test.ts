import { UNREACHABLE_HINT } from './docker-error.js';
import { describe, expect, it } from 'vitest';
import { LENT_LIMIT } from './read-buffers.js';
import { initialStreamState, mustWait, streamStep, type StreamAction, type StreamEvent, type StreamState } from './stream-states.js';

const awaiting = initialStreamState('unix:///d.sock');
const body: StreamState = { ...awaiting, phase: 'body', headSeen: true };
const closeBody: StreamState = { ...body, endsWithClose: true };
const complete: StreamState = { ...body, phase: 'complete' };
const finished: StreamState = { ...body, phase: 'finished' };
const noHeadFinished: StreamState = { ...awaiting, phase: 'finished' };
const bad = 'cannot reach the Docker daemon at unix:///d.sock: ';
const hint = UNREACHABLE_HINT;

// one row per transition: from-state, event, the state after (what changed), the actions
const rows: Array<[string, StreamState, StreamEvent, Partial<StreamState>, StreamAction[]]> = [
  ['chunked head, no body yet: flushed at once', awaiting, { type: 'head', framing: { kind: 'chunked' }, bodyFollows: false }, { phase: 'body', headSeen: true }, [{ type: 'write-head', closeDelimited: false }, { type: 'flush-head' }]],
  ['head with body bytes behind it: they carry it', awaiting, { type: 'head', framing: { kind: 'length', length: 9 }, bodyFollows: true }, { phase: 'body', headSeen: true }, [{ type: 'write-head', closeDelimited: false }]],
  ['empty body: complete with the head', awaiting, { type: 'head', framing: { kind: 'length', length: 0 }, bodyFollows: false }, { phase: 'complete', headSeen: true }, [{ type: 'write-head', closeDelimited: false }]],
  ['close-delimited head', awaiting, { type: 'head', framing: { kind: 'close' }, bodyFollows: true }, { phase: 'body', headSeen: true, endsWithClose: true }, [{ type: 'write-head', closeDelimited: true }]],
  ['body complete', body, { type: 'body-complete' }, { phase: 'complete' }, []],
  ['body complete after finishing changes nothing', finished, { type: 'body-complete' }, {}, []],
  ['read handled, buffers free', body, { type: 'read-handled', lent: 1, responseEnded: false }, {}, []],
  ['read handled, too many buffers lent: pause', body, { type: 'read-handled', lent: LENT_LIMIT, responseEnded: false }, {}, [{ type: 'pause-daemon' }]],
  ['read handled, recorder waits: pause', { ...body, recorderWaits: 1 }, { type: 'read-handled', lent: 0, responseEnded: false }, {}, [{ type: 'pause-daemon' }]],
  ['read handled when complete: pause and end', complete, { type: 'read-handled', lent: 0, responseEnded: false }, {}, [{ type: 'pause-daemon' }, { type: 'end-response' }]],
  ['read handled when complete and ended: pause only', complete, { type: 'read-handled', lent: 0, responseEnded: true }, {}, [{ type: 'pause-daemon' }]],
  ['recorder waits', body, { type: 'recorder-waits' }, { recorderWaits: 1 }, []],
  ['recorder done, nothing else holds: resume', { ...body, recorderWaits: 1 }, { type: 'recorder-done', lent: 0 }, { recorderWaits: 0 }, [{ type: 'resume-daemon' }]],
  ['recorder done, another write waits: stay', { ...body, recorderWaits: 2 }, { type: 'recorder-done', lent: 0 }, { recorderWaits: 1 }, []],
  ['recorder done when complete: stay paused', { ...complete, recorderWaits: 1 }, { type: 'recorder-done', lent: 0 }, { recorderWaits: 0 }, []],
  ['write done, buffers free: resume', body, { type: 'write-done', lent: LENT_LIMIT - 1 }, {}, [{ type: 'resume-daemon' }]],
  ['write done, still too many lent: stay', body, { type: 'write-done', lent: LENT_LIMIT }, {}, []],
  ['write done after finishing: stay', finished, { type: 'write-done', lent: 0 }, {}, []],
  ['unparsable head: 502', awaiting, { type: 'head-unparsable', reason: 'not HTTP', responseUntouched: true }, { phase: 'finished' }, [{ type: 'answer-bad-gateway', message: `${bad}not HTTP${hint}` }]],
  ['unparsable head, client gone: recorded as failed', awaiting, { type: 'head-unparsable', reason: 'not HTTP', responseUntouched: false }, { phase: 'finished' }, [{ type: 'destroy-response' }, { type: 'finish', error: `${bad}not HTTP${hint}` }]],
  ['daemon ends before its head: 502', awaiting, { type: 'daemon-ended', responseUntouched: true }, { phase: 'finished' }, [{ type: 'answer-bad-gateway', message: `${bad}the daemon closed the connection without an answer${hint}` }]],
  ['daemon ends a close-delimited body: end the response', closeBody, { type: 'daemon-ended', responseUntouched: false }, {}, [{ type: 'end-response' }]],
  ['daemon ends mid-body', body, { type: 'daemon-ended', responseUntouched: false }, { phase: 'finished' }, [{ type: 'destroy-response' }, { type: 'finish', error: 'upstream closed before the end of the body' }]],
  ['daemon ends after finishing', finished, { type: 'daemon-ended', responseUntouched: false }, {}, []],
  ['daemon fails before its head: 502', awaiting, { type: 'daemon-error', message: 'ECONNREFUSED', responseUntouched: true }, { phase: 'finished' }, [{ type: 'answer-bad-gateway', message: `${bad}ECONNREFUSED${hint}` }]],
  ['daemon fails mid-body', body, { type: 'daemon-error', message: 'ECONNRESET', responseUntouched: false }, { phase: 'finished' }, [{ type: 'destroy-response' }, { type: 'finish', error: 'ECONNRESET' }]],
  ['daemon fails after finishing', finished, { type: 'daemon-error', message: 'x', responseUntouched: false }, {}, []],
  ['relay fails', body, { type: 'relay-failed', message: 'broken' }, { phase: 'finished' }, [{ type: 'destroy-response' }, { type: 'finish', error: 'broken' }]],
  ['relay fails after finishing: the response still goes', finished, { type: 'relay-failed', message: 'broken' }, {}, [{ type: 'destroy-response' }]],
  ['response finished', complete, { type: 'response-finished' }, { phase: 'finished' }, [{ type: 'finish' }]],
  ['response finished twice', finished, { type: 'response-finished' }, {}, []],
  ['client closes mid-body', body, { type: 'response-closed', writableFinished: false }, { phase: 'finished' }, [{ type: 'finish', error: 'client closed the connection before the response ended' }]],
  ['client closes before the head', initialStreamState('unix:///d'), { type: 'response-closed', writableFinished: false }, { phase: 'finished' }, [{ type: 'finish', error: 'client aborted' }]],
  ['close after a finished response', noHeadFinished, { type: 'response-closed', writableFinished: true }, {}, []],
  ['close of a complete response already finished', complete, { type: 'response-closed', writableFinished: true }, {}, []],
];

describe('streamStep', () => {
  it.each(rows)('%s', (_name, from, event, changed, actions) => {
    const step = streamStep(from, event);
    expect(step.state).toEqual({ ...from, ...changed });
    expect(step.actions).toEqual(actions);
  });
});

it.each<[string, StreamState, number, boolean]>([
  ['free', body, 0, false],
  ['recorder waits', { ...body, recorderWaits: 1 }, 0, true],
  ['buffers at the limit', body, LENT_LIMIT, true],
])('mustWait: %s', (_name, state, lent, want) => {
  expect(mustWait(state, lent)).toBe(want);
});
