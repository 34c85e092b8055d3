/**
 * The one error class of @docktape/audit-log: an audit log that cannot be opened (the CLI
 * prints `detail` after `docktape proxy:` and exits 1 before listening). Problems while the
 * proxy runs are warnings, never thrown: the audit log never stops traffic.
 */
export const AUDIT_LOG_ERROR_PREFIX = '[docktape audit-log]';

export class AuditLogError extends Error {
  override name = 'AuditLogError';
  /** The message without the prefix. */
  readonly detail: string;

  constructor(detail: string, options?: ErrorOptions) {
    super(`${AUDIT_LOG_ERROR_PREFIX} ${detail}`, options);
    this.detail = detail;
  }
}
