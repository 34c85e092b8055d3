/**
 * The path of every request through the proxy, as stages:
 *
 *     parse -> policy -> forward -> record
 *
 * - parse: Node's HTTP parser plus classify-request.ts decide the route (http, hijack,
 *   websocket); a request Node cannot parse is answered 400 (docker-error.ts).
 * - policy: `PolicyStage`s run before a single byte goes to the daemon; any may refuse, and
 *   the client gets the status and a Docker-style `{"message"}` (the exchange is recorded as
 *   refused). Auditing's request policy slots in here.
 * - forward: http-forward.ts (http-proxy-3) or hijack-relay.ts (raw sockets, half-close).
 * - record: exchange.ts collects bodies through RecordingTaps into BodySinks, builds the HAR
 *   entry, passes it through the `EntryStage`s, then appends it. Redaction of headers and
 *   inline bodies slots in as an EntryStage; redaction of streamed bodies belongs in the
 *   RecordingTap observer, which sees bytes before the BodySink writes them.
 *   Observers (audit log, spec conformance of live traffic) are `ExchangeObserver`s
 *   (exchange-facts.ts): they see each finished entry after the entry stages, with the facts
 *   the entry lacks (client address, termination cause), and hijacked sessions when they
 *   open. They are called, never awaited; one that throws is reported and traffic goes on.
 *   Live conformance needs response bodies even without a recording: `keepResponseBody` says
 *   which ones are held in memory, up to a bound.
 */
import type { HarEntry } from '@docktape/recording';
import type { Route } from './classify-request.js';
import type { ExchangeObserver, KeepResponseBody } from './exchange-facts.js';

export interface RequestInfo {
  seq: number;
  method: string;
  url: string;
  httpVersion: string;
  rawHeaders: string[];
  route: Route;
  remoteAddress: string | undefined;
}

/** What a policy decided about one request, for the audit log (decision, rule, reason). */
export interface PolicyRecord {
  decision: 'allow' | 'deny' | 'would_deny';
  rule: string;
  reason: string;
  /** The audit level the matching rule sets (none, metadata, request, requestResponse). */
  audit?: string;
}

/** What a policy may ask before it decides: the whole body, read up to `maxBytes`. */
export interface BodyQuestion {
  maxBytes: number;
  /** Decides once the body is in, or known unreadable (over the limit). May throw: fail closed. */
  decide(body: { text: string } | { unreadable: string }): PolicyVerdict;
}

/**
 * undefined: no opinion. `refuse`: answered with `status` and a Docker-style message, never
 * forwarded. `pass`: forwarded, with the decision to log (`would_deny` in warn/audit modes).
 * `needsBody`: the proxy reads the body (bounded) and asks again.
 */
export type PolicyVerdict =
  | undefined
  | { refuse: { status: number; message: string }; record?: PolicyRecord }
  | { pass: PolicyRecord }
  | { needsBody: BodyQuestion };
export type PolicyStage = (request: RequestInfo) => PolicyVerdict | Promise<PolicyVerdict>;

/** Sees each finished entry before it is written; returns it (possibly changed) or undefined to drop it. */
export type EntryStage = (entry: HarEntry) => HarEntry | undefined;

export interface ProxyStages {
  policy: PolicyStage[];
  entry: EntryStage[];
  observe?: ExchangeObserver[];
  keepResponseBody?: KeepResponseBody;
  /**
   * Secrets to keep out of the recording and the audit log beyond the defaults (`--redact-env`,
   * `--redact-query`, a policy's `redact:`): every Env name pattern (defaults included) and the
   * query parameter names whose values are replaced.
   */
  redact?: { envPatterns: readonly string[]; queryNames: readonly string[] };
}

export const noStages = (): ProxyStages => ({ policy: [], entry: [] });

/**
 * Runs the policy stages in order: the first refusal or body question stops them; otherwise the
 * last stage's `pass` record (if any) is the verdict.
 */
export async function runPolicy(stages: ProxyStages, request: RequestInfo): Promise<PolicyVerdict> {
  let passed: PolicyVerdict;
  for (const stage of stages.policy) {
    const verdict = await stage(request);
    if (verdict && ('refuse' in verdict || 'needsBody' in verdict)) return verdict;
    if (verdict) passed = verdict;
  }
  return passed;
}

export function runEntryStages(stages: ProxyStages, entry: HarEntry): HarEntry | undefined {
  let current: HarEntry | undefined = entry;
  for (const stage of stages.entry) {
    if (!current) break;
    current = stage(current);
  }
  return current;
}
