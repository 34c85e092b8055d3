export {
  AUDIT_SCHEMA_VERSION,
  auditIdOf,
  bytesOf,
  completedEvent,
  isAudited,
  kindOf,
  openedEvent,
  type AuditConformance,
  type AuditEvent,
  type AuditKind,
  type AuditLevelShown,
  type AuditStage,
  type AuditViolation,
} from './audit-event.js';
export { AuditLineWriter, DEFAULT_MAX_PENDING_BYTES, type LineWriterOptions } from './line-writer.js';
export { auditObserver, type AuditSink } from './audit-observer.js';
export { AuditLogError, AUDIT_LOG_ERROR_PREFIX } from './audit-log-error.js';
