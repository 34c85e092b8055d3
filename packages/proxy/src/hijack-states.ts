/**
 * The hijack relay's connection lifecycle (hijack-relay.ts) as a state machine: what each
 * socket event changes and what the wiring must then do to the sockets. Pure: no sockets here;
 * facts about them (is the other side already destroyed) come in with the event.
 *
 * Two sockets, client and daemon, each ends (FIN), fails or closes on its own; the exchange is
 * finished once both have closed, whatever the order.
 * See #operation/ContainerAttach, #operation/ContainerAttachWebsocket, #operation/ExecStart.
 */
import type { HijackRecord } from '@docktape/recording';
import { unreachableDaemon } from './docker-error.js';

export interface HijackState {
  /** The daemon's URL, for the message of a 502 the proxy answers itself. */
  readonly targetUrl: string;
  /** A byte came from the daemon: from then on the client's answer is the daemon's. */
  daemonSpoke: boolean;
  /** The daemon's response head said raw stream (101, or a docker raw/multiplexed stream). */
  hijacked: boolean;
  /** The daemon failed before a byte: the proxy answered the client 502 itself. */
  answeredBadGateway: boolean;
  /** The first failure, for the recording. */
  error?: string;
  /** Seconds since the exchange began when each side sent its FIN. */
  clientEndedAt?: number;
  daemonEndedAt?: number;
  clientClosed: boolean;
  daemonClosed: boolean;
}

export type HijackEvent =
  | { type: 'daemon-head'; status: number; contentType: string; upgrade: HijackRecord['upgrade'] }
  | { type: 'daemon-data' }
  | { type: 'client-ended'; at: number }
  | { type: 'daemon-ended'; at: number }
  | { type: 'daemon-error'; message: string; clientDestroyed: boolean }
  | { type: 'client-error'; message: string }
  | { type: 'daemon-closed'; clientDestroyed: boolean }
  | { type: 'client-closed'; daemonDestroyed: boolean };

export type HijackAction =
  /** Decode websocket frames in both directions for _webSocketMessages. */
  | { type: 'read-websocket-frames' }
  /** Stop relaying the client's bytes and answer it a Docker-style 502 with this message. */
  | { type: 'answer-bad-gateway'; message: string }
  | { type: 'destroy-client' }
  | { type: 'destroy-daemon' }
  /** Let the client read what was already piped to it, then close. */
  | { type: 'close-client-soon' }
  /** Both sides closed: record the exchange. */
  | { type: 'finish' };

export interface HijackStep {
  state: HijackState;
  actions: HijackAction[];
}

export function initialHijackState(targetUrl: string): HijackState {
  return { targetUrl, daemonSpoke: false, hijacked: false, answeredBadGateway: false, clientClosed: false, daemonClosed: false };
}

/** Raw bytes follow the head: a 101, or the legacy 200 with a docker stream content type. */
export function isHijackedResponse(status: number, contentType: string): boolean {
  return status === 101 || /vnd\.docker\.(raw|multiplexed)-stream/.test(contentType);
}

export function hijackStep(state: HijackState, event: HijackEvent): HijackStep {
  switch (event.type) {
    case 'daemon-head':
      return {
        state: { ...state, hijacked: isHijackedResponse(event.status, event.contentType) },
        actions: event.status === 101 && event.upgrade === 'websocket' ? [{ type: 'read-websocket-frames' }] : [],
      };
    case 'daemon-data':
      return { state: state.daemonSpoke ? state : { ...state, daemonSpoke: true }, actions: [] };
    case 'client-ended':
      return { state: { ...state, clientEndedAt: state.clientEndedAt ?? event.at }, actions: [] };
    case 'daemon-ended':
      return { state: { ...state, daemonEndedAt: state.daemonEndedAt ?? event.at }, actions: [] };
    case 'daemon-error':
      if (!state.daemonSpoke && !event.clientDestroyed) {
        // Nothing came from the daemon: answer like the daemon would, as JSON with a message.
        const message = unreachableDaemon(state.targetUrl, event.message);
        return { state: { ...state, error: message, answeredBadGateway: true }, actions: [{ type: 'answer-bad-gateway', message }] };
      }
      return { state: { ...state, error: state.error ?? `daemon connection failed: ${event.message}` }, actions: [{ type: 'destroy-client' }] };
    case 'client-error':
      return { state: { ...state, error: state.error ?? `client connection failed: ${event.message}` }, actions: [{ type: 'destroy-daemon' }] };
    case 'daemon-closed': {
      // The daemon is done (both ways): the client finishes reading what was piped, then closes.
      const next = { ...state, daemonClosed: true };
      return { state: next, actions: [...(event.clientDestroyed ? [] : [{ type: 'close-client-soon' } as const]), ...finishOnce(state, next)] };
    }
    case 'client-closed': {
      // The client is gone: nothing more can reach it, so the daemon side is closed too.
      const next = { ...state, clientClosed: true };
      return { state: next, actions: [...(event.daemonDestroyed ? [] : [{ type: 'destroy-daemon' } as const]), ...finishOnce(state, next)] };
    }
  }
}

function finishOnce(before: HijackState, after: HijackState): HijackAction[] {
  const done = (s: HijackState) => s.clientClosed && s.daemonClosed;
  return done(after) && !done(before) ? [{ type: 'finish' }] : [];
}

/** The error recorded when both sides closed: a head that never came is one too. */
export function closingError(state: HijackState, headSeen: boolean, headFailure: string | undefined): string | undefined {
  if (!headSeen && !state.error) return headFailure ?? 'connection closed before the daemon answered';
  return state.error;
}
