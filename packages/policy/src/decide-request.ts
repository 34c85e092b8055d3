/**
 * One request through a policy, head then body, as the proxy and `docktape policy test` both do
 * it: canonical form, rules on the head, and the body read (Go's rules) only when a rule needs
 * it. `resolveFacts` lets the live proxy resolve bind paths through symlinks before the rules
 * see them. Pure apart from what the caller passes in.
 */
import type { BodyFacts } from './body-facts.js';
import { canonicalRequest, type CanonicalRequest } from './canonical-request.js';
import { evaluatePolicy, type BodyKnowledge } from './evaluate-policy.js';
import type { Policy, PolicyDecision } from './policy-types.js';
import { readBody } from './read-body.js';

export interface PolicyRequest {
  method: string;
  /** The request target as sent: path, version prefix, query. */
  url: string;
}

/** The head alone: a decision, or the request's canonical form and the news that the body is needed. */
export function decideHead(policy: Policy, request: PolicyRequest): PolicyDecision | { needsBody: CanonicalRequest & { ok: true } } {
  const canonical = canonicalRequest(request.method, request.url, policy.apiVersions);
  const result = evaluatePolicy(policy, canonical);
  if ('needsBody' in result) return { needsBody: canonical as CanonicalRequest & { ok: true } };
  return result;
}

/** The decision once the body is in (`body` undefined: it was over the size limit or cut). */
export function decideWithBody(
  policy: Policy,
  canonical: CanonicalRequest & { ok: true },
  body: { text: string } | { unreadable: string },
  resolveFacts: (facts: BodyFacts) => BodyFacts = (f) => f,
): PolicyDecision {
  let knowledge: BodyKnowledge;
  if ('unreadable' in body) knowledge = body;
  else {
    const read = readBody(canonical.operation?.operation.operationId ?? '', body.text);
    knowledge = read.ok ? { facts: resolveFacts(read.facts) } : { unreadable: read.reason };
  }
  const result = evaluatePolicy(policy, canonical, knowledge);
  if ('needsBody' in result) throw new Error('evaluatePolicy asked for a body it was given');
  return result;
}

/** Head and body at once, for requests already whole (recordings). */
export function decideRequest(policy: Policy, request: PolicyRequest & { body?: string; bodySize?: number }): PolicyDecision {
  const head = decideHead(policy, request);
  if (!('needsBody' in head)) return head;
  const size = request.bodySize ?? (request.body === undefined ? 0 : Buffer.byteLength(request.body));
  if (size > policy.maxBodyBytes) return decideWithBody(policy, head.needsBody, { unreadable: `the body (${size} bytes) is over the policy's limit of ${policy.maxBodyBytes} bytes` });
  return decideWithBody(policy, head.needsBody, { text: request.body ?? '' });
}
