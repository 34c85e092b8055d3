/**
 * A policy as docktape evaluates it (policy-file.ts reads it from YAML or JSON, presets.ts has
 * the built-in ones). The file format is the same shape; see the package README.
 */
import type { ApiVersionRange } from './canonical-request.js';

/** What a refusal does: refuse (enforce), forward and say it would have (warn), or only log (audit). */
export type PolicyMode = 'enforce' | 'warn' | 'audit';
export const POLICY_MODES: readonly PolicyMode[] = ['enforce', 'warn', 'audit'];

/** How much of an exchange the audit log keeps: the Kubernetes audit levels. */
export type AuditLevel = 'none' | 'metadata' | 'request' | 'requestResponse';
export const AUDIT_LEVELS: readonly AuditLevel[] = ['none', 'metadata', 'request', 'requestResponse'];

export type RuleAction = 'allow' | 'deny';

/** Body conditions: each one holds when the body asks for that; all listed must hold. */
export interface BodyConditions {
  privileged?: boolean;
  hostNamespaces?: boolean;
  /** true: any capability added; a list: any of these added (`ALL` included as written). */
  capAdd?: boolean | string[];
  devices?: boolean;
  securityOpt?: boolean;
  /** Holds when a bind source (or a local volume's bind device) is outside every path listed; [] = any bind. */
  bindsOutside?: string[];
  volumesFrom?: boolean;
  /** Holds when the image matches one of these globs (`*` is any text). */
  image?: string[];
  /** Holds when the image matches none of these globs. */
  imageNot?: string[];
}

export interface PolicyRule {
  name: string;
  action: RuleAction;
  /** operationIds (the spec's); absent = any, including requests the spec does not have. */
  operations?: string[];
  methods?: string[];
  /** Globs over the decoded path without version: `*` one segment, `**` any number. */
  paths?: string[];
  when?: BodyConditions;
  audit?: AuditLevel;
  /** Said to the client on refusal, after the rule's name. */
  message?: string;
  /** Why the rule exists (learn writes which exchanges needed it); kept as a comment. */
  comment?: string;
}

export interface Policy {
  /** Where it came from: a file path or `preset:NAME`, for messages. */
  source: string;
  mode: PolicyMode;
  /** What a request no rule matches gets. */
  default: RuleAction;
  /** The audit level of requests whose rule sets none. */
  audit: AuditLevel;
  apiVersions: ApiVersionRange;
  /** Largest request body the policy reads, in bytes; a bigger one is refused when a rule needs it. */
  maxBodyBytes: number;
  rules: PolicyRule[];
  /** What the file adds to redaction (`redact:`); merged with the proxy's flags (redaction-settings.ts). */
  redact?: RedactionSettings;
}

/**
 * Secrets to keep out of recordings and the audit log, beyond the defaults: Env name patterns
 * (`env`) and query parameter names (`query`).
 */
export interface RedactionSettings {
  env: string[];
  query: string[];
}

export type Decision = 'allow' | 'deny' | 'would_deny';

export interface PolicyDecision {
  decision: Decision;
  /** The rule that matched, `default`, or `canonical-form` / `body` for refusals before any rule. */
  rule: string;
  reason: string;
  audit: AuditLevel;
}

/** 1 MiB: create bodies of real clients are a few KiB; CVE-2026-34040 skipped checks above 1 MiB, we refuse instead. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
