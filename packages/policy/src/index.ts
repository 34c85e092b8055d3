export { parseGoJson, JsonSyntaxError, MAX_DEPTH, type JsonNode } from './go-json-parse.js';
export { goDecode, goFold, GoTypeError, type Shape } from './go-json-decode.js';
export { BODY_SHAPES } from './docker-body-shapes.js';
export { bodyFacts, bindSource, emptyFacts, type BodyFacts } from './body-facts.js';
export { readBody, readsBody, type BodyReading } from './read-body.js';
export { canonicalRequest, compareVersions, DEFAULT_API_VERSIONS, type ApiVersionRange, type CanonicalRequest } from './canonical-request.js';
export { evaluatePolicy, conditionsHold, refusalMessage, type BodyKnowledge, type Evaluation } from './evaluate-policy.js';
export { parsePolicy, type PolicySources } from './policy-file.js';
export { loadPolicy } from './load-policy.js';
export { PRESETS } from './presets.js';
export { PolicyError } from './policy-error.js';
export {
  AUDIT_LEVELS,
  POLICY_MODES,
  DEFAULT_MAX_BODY_BYTES,
  type AuditLevel,
  type BodyConditions,
  type Decision,
  type Policy,
  type PolicyDecision,
  type PolicyMode,
  type PolicyRule,
  type RedactionSettings,
  type RuleAction,
} from './policy-types.js';
export { decideHead, decideWithBody, decideRequest, type PolicyRequest } from './decide-request.js';
export { learnPolicy, type LearnedPolicy, type RecordedRequest } from './learn-policy.js';
export { redactEnv, redactQuery, isSecretName, mayHoldSecrets, DEFAULT_SECRET_PATTERNS, REDACTED_VALUE, UNREADABLE_BODY, type Redaction } from './redact-secrets.js';
export { resolveHostPath, resolveFacts } from './resolve-host-paths.js';
export { redactionPlan, type RedactionPlan } from './redaction-settings.js';
