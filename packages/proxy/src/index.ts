export { ProxyError, PROXY_ERROR_PREFIX } from './proxy-error.js';
export { startProxy, PROXY_EXPOSURE, type ProxyOptions, type RunningProxy } from './proxy-server.js';
export { resolveTarget, type Target } from './target.js';
export { noStages, type ProxyStages, type PolicyStage, type EntryStage, type PolicyVerdict, type PolicyRecord, type BodyQuestion, type RequestInfo } from './stages.js';
export { PROXY_VERSION } from './version.js';
export { incompleteOnExit, recordingStopped } from './recording-stop.js';
export { clientOf, terminationOf, type ClientFacts, type ExchangeFacts, type OpenedFacts, type FinishedFacts, type ExchangeObserver, type KeepResponseBody, type Termination } from './exchange-facts.js';
export { auditBody, auditShows, AuditBodyCopy, AUDIT_BODY_LIMIT, type AuditBody, type AuditBodyFacts } from './redact-audit-body.js';
