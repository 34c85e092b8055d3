/**
 * The streamed-body relay's lifecycle (stream-forward.ts) as a state machine: the daemon's
 * response head, the body until its framing says it is over, backpressure from the client and
 * the recorder, and the ways it ends. Pure: the wiring reports socket facts with each event
 * and applies the actions to the sockets.
 *
 * awaiting-head -> body -> complete, and from any of them -> finished (once: the exchange is
 * recorded then). A daemon that fails before its head gets the client a Docker-style 502.
 */
import type { BodyFraming } from './chunked-decoder.js';
import { unreachableDaemon } from './docker-error.js';
import { LENT_LIMIT } from './read-buffers.js';

export type StreamPhase = 'awaiting-head' | 'body' | 'complete' | 'finished';

export interface StreamState {
  /** The daemon's URL, for the message of a 502 the proxy answers itself. */
  readonly targetUrl: string;
  phase: StreamPhase;
  /** The head arrived (a finished relay may or may not have had one). */
  headSeen: boolean;
  /** No length and not chunked: the body ends when the daemon closes. */
  endsWithClose: boolean;
  /** Recorder writes still waiting for the disk. */
  recorderWaits: number;
}

export type StreamEvent =
  /** The daemon's head was parsed; `bodyFollows`: body bytes came in the same read. */
  | { type: 'head'; framing: BodyFraming; bodyFollows: boolean }
  /** The body's framing says it is over. */
  | { type: 'body-complete' }
  /** A read from the daemon was handled; `lent`: read buffers still waiting for the client. */
  | { type: 'read-handled'; lent: number; responseEnded: boolean }
  | { type: 'recorder-waits' }
  | { type: 'recorder-done'; lent: number }
  /** A client write was done (its read buffer is back). */
  | { type: 'write-done'; lent: number }
  /** The daemon's head cannot be parsed. `responseUntouched`: nothing was sent to the client. */
  | { type: 'head-unparsable'; reason: string; responseUntouched: boolean }
  | { type: 'daemon-ended'; responseUntouched: boolean }
  | { type: 'daemon-error'; message: string; responseUntouched: boolean }
  /** Relaying broke (broken framing, a write that threw). */
  | { type: 'relay-failed'; message: string }
  | { type: 'response-finished' }
  | { type: 'response-closed'; writableFinished: boolean };

export type StreamAction =
  /** Send the daemon's head; `closeDelimited`: the client connection must end with the body. */
  | { type: 'write-head'; closeDelimited: boolean }
  /** Send the head now: no body byte is there to carry it (wait, logs -f, events). */
  | { type: 'flush-head' }
  | { type: 'pause-daemon' }
  | { type: 'resume-daemon' }
  | { type: 'end-response' }
  | { type: 'destroy-response' }
  /** Close the daemon side and answer the client 502 (recorded as such). */
  | { type: 'answer-bad-gateway'; message: string }
  /** Close the daemon side and record the exchange. */
  | { type: 'finish'; error?: string };

export interface StreamStep {
  state: StreamState;
  actions: StreamAction[];
}

export function initialStreamState(targetUrl: string): StreamState {
  return { targetUrl, phase: 'awaiting-head', headSeen: false, endsWithClose: false, recorderWaits: 0 };
}

/** The daemon is paused while the recorder waits for the disk or too many buffers wait for the client. */
export function mustWait(state: StreamState, lent: number): boolean {
  return state.recorderWaits > 0 || lent >= LENT_LIMIT;
}

export function streamStep(state: StreamState, event: StreamEvent): StreamStep {
  const finished = state.phase === 'finished';
  switch (event.type) {
    case 'head': {
      const empty = event.framing.kind === 'length' && event.framing.length === 0;
      const closeDelimited = event.framing.kind === 'close';
      return {
        state: { ...state, phase: empty ? 'complete' : 'body', headSeen: true, endsWithClose: closeDelimited },
        actions: [{ type: 'write-head', closeDelimited }, ...(!event.bodyFollows && !empty ? [{ type: 'flush-head' } as const] : [])],
      };
    }
    case 'body-complete':
      return { state: state.phase === 'body' ? { ...state, phase: 'complete' } : state, actions: [] };
    case 'read-handled':
      if (state.phase === 'complete') return { state, actions: [{ type: 'pause-daemon' }, ...(event.responseEnded ? [] : [{ type: 'end-response' } as const])] };
      return { state, actions: mustWait(state, event.lent) ? [{ type: 'pause-daemon' }] : [] };
    case 'recorder-waits':
      return { state: { ...state, recorderWaits: state.recorderWaits + 1 }, actions: [] };
    case 'recorder-done': {
      const next = { ...state, recorderWaits: state.recorderWaits - 1 };
      return { state: next, actions: resumeIfFree(next, event.lent) };
    }
    case 'write-done':
      return { state, actions: resumeIfFree(state, event.lent) };
    case 'head-unparsable':
      return finished ? { state, actions: [] } : badGateway(state, event.reason, event.responseUntouched);
    case 'daemon-ended':
      if (finished) return { state, actions: [] };
      if (!state.headSeen) return badGateway(state, 'the daemon closed the connection without an answer', event.responseUntouched);
      if (state.endsWithClose) return { state, actions: [{ type: 'end-response' }] };
      return fail(state, 'upstream closed before the end of the body');
    case 'daemon-error':
      if (finished) return { state, actions: [] };
      if (!state.headSeen) return badGateway(state, event.message, event.responseUntouched);
      return fail(state, event.message);
    case 'relay-failed':
      return finished ? { state, actions: [{ type: 'destroy-response' }] } : fail(state, event.message);
    case 'response-finished':
      return finished ? { state, actions: [] } : { state: { ...state, phase: 'finished' }, actions: [{ type: 'finish' }] };
    case 'response-closed':
      if (finished || event.writableFinished) return { state, actions: [] };
      // before the daemon answered: worded as the http path words it (http-forward.ts)
      return { state: { ...state, phase: 'finished' }, actions: [{ type: 'finish', error: state.headSeen ? 'client closed the connection before the response ended' : 'client aborted' }] };
  }
}

function resumeIfFree(state: StreamState, lent: number): StreamAction[] {
  const flowing = state.phase === 'awaiting-head' || state.phase === 'body';
  return flowing && !mustWait(state, lent) ? [{ type: 'resume-daemon' }] : [];
}

/** Ends the client's response and records the exchange with `error`. */
function fail(state: StreamState, error: string): StreamStep {
  return { state: { ...state, phase: 'finished' }, actions: [{ type: 'destroy-response' }, { type: 'finish', error }] };
}

/** The daemon could not be reached or answered garbage: 502 as the http path answers it. */
function badGateway(state: StreamState, reason: string, responseUntouched: boolean): StreamStep {
  const message = unreachableDaemon(state.targetUrl, reason);
  if (!responseUntouched) return fail(state, message);
  return { state: { ...state, phase: 'finished' }, actions: [{ type: 'answer-bad-gateway', message }] };
}
