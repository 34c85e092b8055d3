/**
 * First match wins: a rule matches when its operations, methods and paths all fit the request
 * (canonical-request.ts) and, if it has body conditions, the body asks for all of them
 * (body-facts.ts). Rules without body conditions are decided on the head alone; the first rule
 * that needs the body stops evaluation with `needsBody`, and the caller reads the body (bounded)
 * and evaluates again. Pure.
 */
import type { BodyFacts } from './body-facts.js';
import type { CanonicalRequest } from './canonical-request.js';
import { pathGlob, textGlob } from './path-glob.js';
import type { BodyConditions, Policy, PolicyDecision, PolicyRule, RuleAction } from './policy-types.js';

/** What the caller knows of the body: not read yet, read, or unreadable (and why). */
export type BodyKnowledge = undefined | { facts: BodyFacts } | { unreadable: string };

export type Evaluation = PolicyDecision | { needsBody: true };

const within = (path: string, root: string) => {
  const r = root.length > 1 ? root.replace(/\/+$/, '') : root;
  return r === '/' || path === r || path.startsWith(`${r}/`);
};

/** Why each listed condition holds, or undefined when one of them does not. */
export function conditionsHold(when: BodyConditions, facts: BodyFacts): string[] | undefined {
  const why: string[] = [];
  const check = (listed: unknown, holds: boolean, text: () => string) => {
    if (listed === undefined || listed === false) return true;
    if (holds) why.push(text());
    return holds;
  };
  const addedCaps = Array.isArray(when.capAdd) ? facts.capAdd.filter((c) => (when.capAdd as string[]).some((w) => w.toUpperCase() === c.toUpperCase())) : facts.capAdd;
  const binds = [...facts.bindSources, ...facts.volumeBinds];
  const outside = when.bindsOutside ? binds.filter((b) => !when.bindsOutside!.some((root) => within(b, root))) : [];
  const image = facts.image ?? '';
  const all = [
    check(when.privileged, facts.privileged, () => 'privileged is true'),
    check(when.hostNamespaces, facts.hostNamespaces.length > 0, () => `${facts.hostNamespaces.join(', ')} set to host`),
    check(when.capAdd, addedCaps.length > 0, () => `capabilities added: ${addedCaps.join(', ')}`),
    check(when.devices, facts.devices.length > 0, () => `host devices: ${facts.devices.join(', ')}`),
    check(when.securityOpt, facts.securityOpt.length > 0, () => `security options: ${facts.securityOpt.join(', ')}`),
    check(when.bindsOutside, outside.length > 0, () => `host paths ${outside.join(', ')} outside ${when.bindsOutside!.length ? when.bindsOutside!.join(', ') : 'the allowed paths (none)'}`),
    check(when.volumesFrom, facts.volumesFrom.length > 0, () => `volumes from ${facts.volumesFrom.join(', ')}`),
    check(when.image, when.image !== undefined && when.image.some((g) => textGlob(g).test(image)), () => `image ${JSON.stringify(image)}`),
    check(when.imageNot, when.imageNot !== undefined && !when.imageNot.some((g) => textGlob(g).test(image)), () => `image ${JSON.stringify(image)} is not one of ${when.imageNot!.join(', ')}`),
  ];
  return all.every(Boolean) ? why : undefined;
}

function headMatches(rule: PolicyRule, request: Extract<CanonicalRequest, { ok: true }>): boolean {
  if (rule.operations && !rule.operations.includes(request.operation?.operation.operationId ?? '')) return false;
  if (rule.methods && !rule.methods.includes(request.method)) return false;
  if (rule.paths && !rule.paths.some((g) => pathGlob(g).test(request.path))) return false;
  return true;
}

function decide(policy: Policy, action: RuleAction, rule: string, reason: string, level = policy.audit): PolicyDecision {
  if (action === 'allow') return { decision: 'allow', rule, reason, audit: level };
  return { decision: policy.mode === 'enforce' ? 'deny' : 'would_deny', rule, reason, audit: level };
}

export function evaluatePolicy(policy: Policy, request: CanonicalRequest, body?: BodyKnowledge): Evaluation {
  if (!request.ok) return decide(policy, 'deny', 'canonical-form', request.reason);
  const what = request.operation?.operation.operationId ?? `${request.method} ${request.path}`;
  for (const rule of policy.rules) {
    if (!headMatches(rule, request)) continue;
    const level = rule.audit ?? policy.audit;
    if (!rule.when) return decide(policy, rule.action, rule.name, `${what}: ${rule.message ?? `rule ${rule.action}s it`}`, level);
    if (body === undefined) return { needsBody: true };
    // a body the policy cannot read is refused by the first rule that needed to read it
    if ('unreadable' in body) return decide(policy, 'deny', rule.name, `${what}: ${body.unreadable}`, level);
    const why = conditionsHold(rule.when, body.facts);
    if (why) return decide(policy, rule.action, rule.name, `${what}: ${rule.message ?? why.join('; ')}`, level);
  }
  return decide(policy, policy.default, 'default', `${what}: no rule matched, the policy's default is ${policy.default}`);
}

/** The text a refused client gets in `{"message"}` (the docker CLI prints it). */
export function refusalMessage(decision: PolicyDecision, source: string): string {
  return `policy ${source}: rule ${JSON.stringify(decision.rule)} refuses ${decision.reason}`;
}
