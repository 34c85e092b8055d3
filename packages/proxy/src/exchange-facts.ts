/**
 * What the proxy knows of an exchange beyond its HAR entry, for observers (the audit log,
 * live conformance): who the client is, how the exchange ended, whether it is being recorded,
 * and, when an observer asked for it, the response body kept in memory. Pure data and pure
 * functions; the proxy builds facts, it never awaits what an observer does with them.
 */
import type { Socket } from 'node:net';
import type { ExchangeKind, HarEntry } from '@docktape/recording';
import type { PolicyRecord } from './stages.js';
import type { AuditBody } from './redact-audit-body.js';

/**
 * The client's end of the connection. Node exposes no SO_PEERCRED for unix sockets, so the
 * peer's pid and uid are null there (the field exists so a platform binding can fill it).
 */
export type ClientFacts = { transport: 'tcp'; address: string; port: number } | { transport: 'unix'; pid: number | null; uid: number | null };

/**
 * How an exchange ended (HAProxy/Envoy's termination state, in words):
 * - complete: the response went out whole.
 * - upgraded_closed: a hijacked or websocket session ran and both sides closed.
 * - client_abort: the client left before the response was whole.
 * - daemon_reset: the daemon's connection failed or closed before the response was whole.
 * - daemon_unreachable: no answer from the daemon; the proxy answered 502 itself.
 * - refused: the proxy answered itself before any byte went to the daemon (policy, a request
 *   it could not use).
 */
export type Termination = 'complete' | 'upgraded_closed' | 'client_abort' | 'daemon_reset' | 'daemon_unreachable' | 'refused';

export interface ExchangeFacts {
  /** The exchange's number in this run (the recording's `_seq` when recording). */
  seq: number;
  /** Whether the entry goes to a recording (--record, and the recording has not stopped). */
  recorded: boolean;
  kind: ExchangeKind;
  method: string;
  /** As the client sent it: path and query (the values of --redact-query parameters replaced). */
  url: string;
  client: ClientFacts;
  /** When the request arrived (ISO 8601). */
  receivedAt: string;
  /** What the request policy decided, when one ran and had an opinion (Auditing II); else null. */
  policy: PolicyRecord | null;
}

/** A hijacked or websocket session that just opened (the daemon's 101 or legacy 200 is in). */
export interface OpenedFacts extends ExchangeFacts {
  status: number;
  /** ms from arrival to the daemon's response head. */
  responseStartedMs: number;
}

export interface FinishedFacts extends ExchangeFacts {
  termination: Termination;
  /**
   * The response body, kept in memory only when `ProxyStages.keepResponseBody` asked for it
   * (and its bound was not passed: then 'too-large'); undefined otherwise.
   */
  responseBody: Buffer | 'too-large' | undefined;
  /**
   * The bodies the policy's audit level shows (request: `request`; requestResponse: both),
   * bounded and redacted (redact-audit-body.ts); null for a side without a body. Absent at the
   * other levels and without a policy.
   */
  auditBodies?: { request: AuditBody | null; response?: AuditBody | null };
}

/**
 * Sees each exchange. Called synchronously and never awaited; a throw is reported as a warning
 * and traffic goes on. `finished` sees the entry after the entry stages, before it is written:
 * an observer may add its own `_` extension to it (live conformance adds `_conformance`), and
 * must change nothing else.
 */
export interface ExchangeObserver {
  opened?(facts: OpenedFacts): void;
  finished?(entry: HarEntry, facts: FinishedFacts): void;
}

/** Which response bodies observers want in memory, and up to how many bytes each. */
export interface KeepResponseBody {
  limitBytes: number;
  wanted(method: string, url: string, contentType: string): boolean;
}

export function clientOf(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): ClientFacts {
  // a unix socket has no remote address; TLS sockets carry the TCP peer's
  if (socket.remoteAddress === undefined) return { transport: 'unix', pid: null, uid: null };
  return { transport: 'tcp', address: socket.remoteAddress, port: socket.remotePort ?? 0 };
}

/**
 * How an exchange ended, from what its relay recorded: the call site says so when it knows
 * (refused, daemon unreachable); otherwise the error's wording, which the relays keep stable
 * (their tests pin it), tells a client's departure from the daemon's.
 */
export function terminationOf(hijacked: boolean, error: string | undefined): Termination {
  if (error === undefined) return hijacked ? 'upgraded_closed' : 'complete';
  if (/^client |client (aborted|closed|went away)/.test(error)) return 'client_abort';
  if (error.startsWith('cannot reach the Docker daemon')) return 'daemon_unreachable';
  if (/^refused|refused by policy/.test(error)) return 'refused';
  return 'daemon_reset';
}
