/**
 * The audit event: one JSON object per line of `docktape proxy --audit`. Modelled on the
 * Kubernetes API server's audit event (an id per exchange, a stage, timestamps) with the
 * transport outcome HAProxy and Envoy log (per-phase durations, bytes each way, a termination
 * cause). Its contract is src/audit-event.v1.schema.json; a change of meaning is a new
 * schemaVersion. Pure: the HAR entry and the proxy's facts in, an event out.
 * @see https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Event
 */
import { findOperation, splitApiVersion } from '@docktape/api';
import type { AuditBody, ClientFacts, ExchangeFacts, FinishedFacts, OpenedFacts, Termination } from '@docktape/proxy';
import type { ExchangeKind, HarEntry } from '@docktape/recording';

export const AUDIT_SCHEMA_VERSION = 'docktape.audit/v1';

/**
 * - ResponseStarted: a hijacked or websocket session opened (its complete line comes when it
 *   ends), so long sessions are visible while they run.
 * - ResponseComplete: the exchange is over, whatever its outcome (refused and unanswered ones too).
 */
export type AuditStage = 'ResponseStarted' | 'ResponseComplete';

/**
 * How the exchange travelled: `stream` is an http exchange of an operation whose body is big
 * or endless (export, logs, stats, events: the operation table's transport), `hijack` and
 * `websocket` a session after the daemon's upgrade (a refused upgrade is `http`).
 */
export type AuditKind = 'http' | 'stream' | 'hijack' | 'websocket';

export interface AuditViolation {
  /** JSON pointer into the response body. */
  location: string;
  severity: string;
  code: string;
  message: string;
}

/** Live conformance of the response (--validate); the shape of @docktape/conformance's report. */
export interface AuditConformance {
  outcome: string;
  violations: AuditViolation[];
}

export interface AuditEvent {
  schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  auditId: string;
  stage: AuditStage;
  timestamps: { received: string; responseStarted: string | null; completed: string | null };
  durationsMs: { toResponseHead: number | null; total: number | null };
  client: ClientFacts;
  method: string;
  path: string;
  route: string | null;
  operationId: string | null;
  apiVersion: string | null;
  status: number;
  kind: AuditKind;
  bytes: { up: number; down: number };
  termination: Termination | null;
  error: string | null;
  recordedAs: number | null;
  conformance: AuditConformance | null;
  /** What the request policy decided (Auditing II); null when no policy ran or it had no opinion. */
  decision: 'allow' | 'deny' | 'would_deny' | null;
  rule: string | null;
  reason: string | null;
  /**
   * Added in v1 without a new version (optional: older lines lack them). The audit level the
   * policy's rule set (metadata, request, requestResponse; `none` writes no line), and at the
   * two last the bodies it shows: bounded, redacted, or left out with the reason; null for a
   * side without a body.
   */
  level?: AuditLevelShown;
  requestBody?: AuditBody | null;
  responseBody?: AuditBody | null;
}

/** The levels a line can carry (`none` has no line). */
export type AuditLevelShown = 'metadata' | 'request' | 'requestResponse';

/**
 * Whether the exchange gets audit lines at all: not when its rule's level is `none`, except a
 * refusal (deny, would_deny), which is always logged: a bypass attempt must leave a trace even
 * under a policy whose default level is `none`.
 */
export function isAudited(facts: Pick<ExchangeFacts, 'policy'>): boolean {
  return facts.policy?.audit !== 'none' || facts.policy.decision !== 'allow';
}

function levelPart(facts: ExchangeFacts): { level?: AuditLevelShown } {
  const level = facts.policy?.audit;
  if (level === 'none' && isAudited(facts)) return { level: 'metadata' };
  return level === 'metadata' || level === 'request' || level === 'requestResponse' ? { level } : {};
}

function bodiesPart(facts: FinishedFacts): Pick<AuditEvent, 'requestBody' | 'responseBody'> {
  const bodies = facts.auditBodies;
  if (!bodies) return {};
  return { requestBody: bodies.request, ...(bodies.response !== undefined ? { responseBody: bodies.response } : {}) };
}

/** `<run>-<seq>`: unique per exchange, the same on its open and complete lines, and it names the recording's `_seq`. */
export function auditIdOf(runId: string, seq: number): string {
  return `${runId}-${seq}`;
}

function requestPart(facts: ExchangeFacts) {
  const match = findOperation(facts.method, facts.url);
  return {
    kind: kindOf(facts.kind, match?.operation.transport),
    method: facts.method,
    path: facts.url,
    route: match?.operation.path ?? null,
    operationId: match?.operation.operationId ?? null,
    apiVersion: splitApiVersion(facts.url).version ?? null,
  };
}

export function kindOf(kind: ExchangeKind, transport: string | undefined): AuditKind {
  return kind === 'http' && transport === 'stream' ? 'stream' : kind;
}

function policyPart(facts: ExchangeFacts) {
  return { decision: facts.policy?.decision ?? null, rule: facts.policy?.rule ?? null, reason: facts.policy?.reason ?? null };
}
const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** The line written when a hijacked or websocket session opens. */
export function openedEvent(runId: string, facts: OpenedFacts): AuditEvent {
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    auditId: auditIdOf(runId, facts.seq),
    stage: 'ResponseStarted',
    timestamps: { received: facts.receivedAt, responseStarted: addMs(facts.receivedAt, facts.responseStartedMs), completed: null },
    durationsMs: { toResponseHead: round(facts.responseStartedMs), total: null },
    client: facts.client,
    ...requestPart(facts),
    status: facts.status,
    bytes: { up: 0, down: 0 },
    termination: null,
    error: null,
    recordedAs: facts.recorded ? facts.seq : null,
    conformance: null,
    ...policyPart(facts),
    ...levelPart(facts),
  };
}

/**
 * Bytes each way, bodies only: the request body plus what a client sent after a hijack, and
 * back. The bytes on the wire (HAR bodySize): a redacted body (POST /auth, secret Env values)
 * is recorded with another size than the one that crossed.
 */
export function bytesOf(entry: HarEntry): { up: number; down: number } {
  const hijack = entry._hijack;
  const wire = (bodySize: number, recorded: number | undefined) => (bodySize >= 0 ? bodySize : Math.max(recorded ?? 0, 0));
  return {
    up: wire(entry.request.bodySize, entry.request.postData?.size) + (hijack?.clientToDaemon.content.size ?? 0),
    down: wire(entry.response.bodySize, entry.response.content.size) + (hijack?.daemonToClient.content.size ?? 0),
  };
}

/** The line written when an exchange is over. */
export function completedEvent(runId: string, entry: HarEntry, facts: FinishedFacts, conformance: AuditConformance | null): AuditEvent {
  const answered = entry.response.status !== 0;
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    auditId: auditIdOf(runId, facts.seq),
    stage: 'ResponseComplete',
    timestamps: {
      received: facts.receivedAt,
      responseStarted: answered ? addMs(facts.receivedAt, entry.timings.wait) : null,
      completed: addMs(facts.receivedAt, entry.time),
    },
    durationsMs: { toResponseHead: answered ? entry.timings.wait : null, total: entry.time },
    client: facts.client,
    ...requestPart(facts),
    status: entry.response.status,
    bytes: bytesOf(entry),
    termination: facts.termination,
    error: entry._error ?? null,
    recordedAs: facts.recorded ? entry._seq : null,
    conformance: conformance ? { outcome: conformance.outcome, violations: conformance.violations.map(({ location, severity, code, message }) => ({ location, severity, code, message })) } : null,
    ...policyPart(facts),
    ...levelPart(facts),
    ...bodiesPart(facts),
  };
}
