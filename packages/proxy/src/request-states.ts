/**
 * What the proxy does with one request (proxy-server.ts), as a state machine: the policy
 * stages decide first, then the request takes one forwarding path; a legacy hijack (attach or
 * exec start without `Upgrade`) has its small JSON body read before the path is known. Pure:
 * the wiring answers, records and hands sockets over as the actions say.
 *
 *   policy -> forwarded (http-forward, stream-forward or hijack-relay)
 *   policy -> reading-body -> forwarded | refused | abandoned      (legacy hijack, either arrival)
 *   policy -> refused                                              (policy verdict)
 *   policy -> reading-policy-body -> forwarded | refused | abandoned   (a rule needs the body)
 *   any    -> refused                                              (a failure while handling: fail closed)
 */
import { execStartDetached, unversionedPath } from './classify-request.js';

export type RequestPhase = 'policy' | 'reading-body' | 'reading-policy-body' | 'forwarded' | 'refused' | 'abandoned';

/** How the request reached the server: Node's 'request' event, or 'upgrade' (raw socket). */
export type Arrival = 'request' | 'upgrade';

export interface RequestState {
  readonly arrival: Arrival;
  /**
   * POST attach / exec start without Upgrade: the body is read, then the socket relayed. As a
   * 'request' (Node read the head) or, normally, as an 'upgrade' (legacy-upgrade.ts), which
   * keeps the bytes the client sent right behind the body.
   */
  readonly legacyHijack: boolean;
  /** A body-less GET or HEAD, relayed raw (classify-request.ts isRawRelayed, stream-forward.ts). */
  readonly streamed: boolean;
  phase: RequestPhase;
}

/** What the legacy body says: too big for attach/exec start, a detached exec start, or a stream. */
export type LegacyBody = 'too-large' | 'detached-exec' | 'stream';

export type RequestEvent =
  /** `needsBody`: a policy rule must read the body before it decides (create, exec, update...). */
  | { type: 'verdict'; refuse?: { status: number; message: string }; needsBody?: boolean }
  /** The policy read the body: refused, or passed (the body is forwarded as read). */
  | { type: 'policy-body-verdict'; refuse?: { status: number; message: string } }
  | { type: 'body-read'; body: LegacyBody }
  | { type: 'client-gone' }
  /** A policy stage threw, or answering its verdict did. */
  | { type: 'handling-failed'; message: string };

export type RequestAction =
  /** Answer `status` with a Docker-style message, and record it with `reason`. */
  | { type: 'refuse'; status: number; message: string; reason: string }
  /** Warn, answer 500 where the answer has not started (else cut it), record as refused. */
  | { type: 'fail-closed'; message: string }
  | { type: 'read-body' }
  /** Read the body for the policy (bounded, policy-body.ts), then hand it the bytes. */
  | { type: 'read-policy-body' }
  /**
   * http-forward.ts; `bodyRead`: the legacy body was read already (a detached exec start). On
   * the 'upgrade' arrival: the request goes back to the HTTP server (legacy-upgrade.ts backToHttp).
   */
  | { type: 'forward-http'; bodyRead: boolean }
  | { type: 'forward-stream' }
  /** hijack-relay.ts; a legacy request's socket is taken over from Node's HTTP server first. */
  | { type: 'relay-hijack' }
  /** The client left before its body was read: recorded, nothing answered. */
  | { type: 'record-client-gone' };

export interface RequestStep {
  state: RequestState;
  actions: RequestAction[];
}

export const TOO_LARGE_MESSAGE = 'request body too large for attach/exec start';

export function initialRequestState(arrival: Arrival, legacyHijack: boolean, streamed: boolean): RequestState {
  return { arrival, legacyHijack, streamed, phase: 'policy' };
}

export function requestStep(state: RequestState, event: RequestEvent): RequestStep {
  const to = (phase: RequestPhase, ...actions: RequestAction[]): RequestStep => ({ state: { ...state, phase }, actions });
  switch (event.type) {
    case 'verdict':
      if (state.phase !== 'policy') return { state, actions: [] };
      if (event.refuse) return to('refused', { type: 'refuse', ...event.refuse, reason: 'refused by policy' });
      if (event.needsBody) {
        // only plain requests have bodies a policy reads (create, update, exec create); a rule
        // that wants the body of an upgrade or a stream has nothing safe to read: fail closed
        if (state.arrival === 'upgrade' || state.legacyHijack || state.streamed) return to('refused', { type: 'fail-closed', message: 'the policy asked for the body of a request that has none to read' });
        return to('reading-policy-body', { type: 'read-policy-body' });
      }
      // a legacy hijack that came as 'upgrade' (legacy-upgrade.ts) still has its body read first
      if (state.arrival === 'upgrade' && !state.legacyHijack) return to('forwarded', { type: 'relay-hijack' });
      if (state.legacyHijack) return to('reading-body', { type: 'read-body' });
      return to('forwarded', state.streamed ? { type: 'forward-stream' } : { type: 'forward-http', bodyRead: false });
    case 'body-read':
      if (state.phase !== 'reading-body') return { state, actions: [] };
      if (event.body === 'too-large') return to('refused', { type: 'refuse', status: 400, message: TOO_LARGE_MESSAGE, reason: 'bad request' });
      // a detached exec start is answered with a plain 200
      if (event.body === 'detached-exec') return to('forwarded', { type: 'forward-http', bodyRead: true });
      return to('forwarded', { type: 'relay-hijack' });
    case 'policy-body-verdict':
      if (state.phase !== 'reading-policy-body') return { state, actions: [] };
      if (event.refuse) return to('refused', { type: 'refuse', ...event.refuse, reason: 'refused by policy' });
      return to('forwarded', { type: 'forward-http', bodyRead: true });
    case 'client-gone':
      return state.phase === 'reading-body' || state.phase === 'reading-policy-body' ? to('abandoned', { type: 'record-client-gone' }) : { state, actions: [] };
    case 'handling-failed':
      // Fail closed: a policy stage that throws (or a verdict that cannot be answered) refuses
      // the request instead of crashing the proxy or letting it through.
      return to('refused', { type: 'fail-closed', message: event.message });
  }
}

/** Classifies a legacy hijack's body (undefined: it was over the size limit). */
export function legacyBody(url: string, body: Buffer | undefined): LegacyBody {
  if (body === undefined) return 'too-large';
  if (unversionedPath(url).startsWith('/exec/') && execStartDetached(body)) return 'detached-exec';
  return 'stream';
}

/**
 * The machine as the wiring drives it: feed it events, and it applies `requestStep` and hands
 * each resulting action to `act` (which does the I/O). The state stays inside.
 */
export function requestMachine(initial: RequestState, act: (action: RequestAction) => void): (event: RequestEvent) => void {
  let state = initial;
  return (event) => {
    const step = requestStep(state, event);
    state = step.state;
    for (const action of step.actions) act(action);
  };
}
