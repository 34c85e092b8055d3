/**
 * The one error class of @docktape/proxy: what `startProxy` and `resolveTarget` throw to their
 * caller (a listen address the policy refuses, an unreadable TLS file). Messages start with a
 * fixed prefix so a program embedding the proxy can tell where an error came from.
 *
 * Not to be confused with the answers the proxy gives Docker clients in the daemon's place
 * (`{"message": "docktape proxy: ..."}`, docker-error.ts): those are HTTP bodies, never thrown.
 */
export const PROXY_ERROR_PREFIX = '[docktape proxy]';

export class ProxyError extends Error {
  override name = 'ProxyError';
  /** The message without the prefix (for a CLI line that already names the command). */
  readonly detail: string;

  constructor(detail: string, options?: ErrorOptions) {
    super(`${PROXY_ERROR_PREFIX} ${detail}`, options);
    this.detail = detail;
  }
}
