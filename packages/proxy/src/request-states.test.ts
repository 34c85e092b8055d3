import { describe, expect, it } from 'vitest';
import { initialRequestState, legacyBody, requestStep, TOO_LARGE_MESSAGE, type RequestAction, type RequestEvent, type RequestState } from './request-states.js';

const plain = initialRequestState('request', false, false);
const streamed = initialRequestState('request', false, true);
const legacy = initialRequestState('request', true, false);
const upgrade = initialRequestState('upgrade', false, false);
const legacyUpgrade = initialRequestState('upgrade', true, false);
const readingUpgrade: RequestState = { ...legacyUpgrade, phase: 'reading-body' };
const reading: RequestState = { ...legacy, phase: 'reading-body' };
const forwarded: RequestState = { ...plain, phase: 'forwarded' };
const ok: RequestEvent = { type: 'verdict' };
const no: RequestEvent = { type: 'verdict', refuse: { status: 403, message: 'not allowed' } };
const needsBody: RequestEvent = { type: 'verdict', needsBody: true };
const readingPolicy: RequestState = { ...plain, phase: 'reading-policy-body' };
const noBodyToRead: RequestAction = { type: 'fail-closed', message: 'the policy asked for the body of a request that has none to read' };

// one row per transition: from-state, event, the phase after, the actions
const rows: Array<[string, RequestState, RequestEvent, RequestState['phase'], RequestAction[]]> = [
  ['a plain request passes the policy', plain, ok, 'forwarded', [{ type: 'forward-http', bodyRead: false }]],
  ['a streamed GET passes the policy', streamed, ok, 'forwarded', [{ type: 'forward-stream' }]],
  ['a legacy hijack passes: its body is read first', legacy, ok, 'reading-body', [{ type: 'read-body' }]],
  ['an upgrade passes the policy', upgrade, ok, 'forwarded', [{ type: 'relay-hijack' }]],
  ['a legacy hijack that came as an upgrade passes: its body is read first', legacyUpgrade, ok, 'reading-body', [{ type: 'read-body' }]],
  ['legacy upgrade body: a stream is hijacked', readingUpgrade, { type: 'body-read', body: 'stream' }, 'forwarded', [{ type: 'relay-hijack' }]],
  ['legacy upgrade body: a detached exec start goes back to HTTP', readingUpgrade, { type: 'body-read', body: 'detached-exec' }, 'forwarded', [{ type: 'forward-http', bodyRead: true }]],
  ['legacy upgrade: the client leaves mid-body', readingUpgrade, { type: 'client-gone' }, 'abandoned', [{ type: 'record-client-gone' }]],
  ['a plain request refused', plain, no, 'refused', [{ type: 'refuse', status: 403, message: 'not allowed', reason: 'refused by policy' }]],
  ['a legacy hijack refused', legacy, no, 'refused', [{ type: 'refuse', status: 403, message: 'not allowed', reason: 'refused by policy' }]],
  ['an upgrade refused', upgrade, no, 'refused', [{ type: 'refuse', status: 403, message: 'not allowed', reason: 'refused by policy' }]],
  ['a second verdict changes nothing', forwarded, ok, 'forwarded', []],
  ['legacy body too large', reading, { type: 'body-read', body: 'too-large' }, 'refused', [{ type: 'refuse', status: 400, message: TOO_LARGE_MESSAGE, reason: 'bad request' }]],
  ['legacy body: a detached exec start is plain HTTP', reading, { type: 'body-read', body: 'detached-exec' }, 'forwarded', [{ type: 'forward-http', bodyRead: true }]],
  ['legacy body: a stream is hijacked', reading, { type: 'body-read', body: 'stream' }, 'forwarded', [{ type: 'relay-hijack' }]],
  ['a body read outside reading-body changes nothing', plain, { type: 'body-read', body: 'stream' }, 'policy', []],
  ['the client leaves mid-body', reading, { type: 'client-gone' }, 'abandoned', [{ type: 'record-client-gone' }]],
  ['a client leaving after forwarding is not this machine’s business', forwarded, { type: 'client-gone' }, 'forwarded', []],
  ['a rule needs the body of a plain request: it is read first', plain, needsBody, 'reading-policy-body', [{ type: 'read-policy-body' }]],
  ['the policy passes the body: forwarded as read', readingPolicy, { type: 'policy-body-verdict' }, 'forwarded', [{ type: 'forward-http', bodyRead: true }]],
  ['the policy refuses the body', readingPolicy, { type: 'policy-body-verdict', refuse: { status: 403, message: 'no' } }, 'refused', [{ type: 'refuse', status: 403, message: 'no', reason: 'refused by policy' }]],
  ['the client leaves while the policy reads its body', readingPolicy, { type: 'client-gone' }, 'abandoned', [{ type: 'record-client-gone' }]],
  ['a body verdict outside reading-policy-body changes nothing', plain, { type: 'policy-body-verdict' }, 'policy', []],
  ['a rule needs the body of an upgrade: fail closed', upgrade, needsBody, 'refused', [noBodyToRead]],
  ['a rule needs the body of a legacy hijack: fail closed', legacy, needsBody, 'refused', [noBodyToRead]],
  ['a rule needs the body of a streamed GET: fail closed', streamed, needsBody, 'refused', [noBodyToRead]],
  ['the policy throws: fail closed', plain, { type: 'handling-failed', message: 'policy failed: boom' }, 'refused', [{ type: 'fail-closed', message: 'policy failed: boom' }]],
  ['answering a verdict throws: fail closed', { ...plain, phase: 'refused' }, { type: 'handling-failed', message: 'policy failed: bad status' }, 'refused', [{ type: 'fail-closed', message: 'policy failed: bad status' }]],
  ['an upgrade whose policy throws', upgrade, { type: 'handling-failed', message: 'policy failed: x' }, 'refused', [{ type: 'fail-closed', message: 'policy failed: x' }]],
];

describe('requestStep', () => {
  it.each(rows)('%s', (_name, from, event, phase, actions) => {
    const step = requestStep(from, event);
    expect(step.state).toEqual({ ...from, phase });
    expect(step.actions).toEqual(actions);
  });
});

describe('legacyBody', () => {
  it.each<[string, string, string | undefined, ReturnType<typeof legacyBody>]>([
    ['over the limit', '/v1.40/containers/x/attach', undefined, 'too-large'],
    ['an attach', '/v1.40/containers/x/attach?stream=1', '', 'stream'],
    ['an exec start, attached', '/v1.40/exec/e/start', '{"Detach":false,"Tty":true}', 'stream'],
    ['an exec start, detached', '/v1.40/exec/e/start', '{"Detach":true}', 'detached-exec'],
    ['an unversioned exec start, detached', '/exec/e/start', '{"Detach":true}', 'detached-exec'],
  ])('%s', (_name, url, body, want) => {
    expect(legacyBody(url, body === undefined ? undefined : Buffer.from(body))).toBe(want);
  });
});
