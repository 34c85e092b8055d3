/**
 * `docktape proxy --policy`: a @docktape/policy Policy as the proxy's policy stage. The head is
 * decided at once when it can be; otherwise the proxy reads the body (up to the policy's limit)
 * and the decision is made on exactly the bytes the daemon will get. Refusals are 403 with the
 * rule named in the Docker-style message (the docker CLI prints it); in warn mode a would-be
 * refusal is forwarded and said on stderr; in audit mode only logged.
 */
import { decideHead, decideWithBody, refusalMessage, resolveFacts, type Policy, type PolicyDecision } from '@docktape/policy';
import type { PolicyStage, PolicyVerdict } from '@docktape/proxy';

export interface PolicyStageOptions {
  /** The daemon shares this machine's filesystem (a unix socket target): bind paths are resolved through symlinks. */
  localDaemon: boolean;
  warn(line: string): void;
}

export function policyStage(policy: Policy, options: PolicyStageOptions): PolicyStage {
  const verdict = (d: PolicyDecision): PolicyVerdict => {
    const record = { decision: d.decision, rule: d.rule, reason: d.reason, audit: d.audit };
    if (d.decision === 'deny') return { refuse: { status: 403, message: refusalMessage(d, policy.source) }, record };
    if (d.decision === 'would_deny' && policy.mode === 'warn') options.warn(`would refuse (warn mode): ${refusalMessage(d, policy.source)}`);
    return { pass: record };
  };
  return (info) => {
    const head = decideHead(policy, { method: info.method, url: info.url });
    if (!('needsBody' in head)) return verdict(head);
    const canonical = head.needsBody;
    return {
      needsBody: {
        maxBytes: policy.maxBodyBytes,
        decide: (body) => verdict(decideWithBody(policy, canonical, body, (facts) => resolveFacts(facts, options.localDaemon))),
      },
    };
  };
}
