/**
 * The client's errors. `DockerApiError` is what the daemon said (a non-2xx answer);
 * `DockerConnectionError` is not reaching it at all. Both carry enough to act on without
 * digging into `cause`.
 */

export interface ApiErrorDetails {
  status: number;
  /** The daemon's `message`, or its plain-text body when it sent no JSON. */
  message: string;
  method: string;
  path: string;
  operationId: string | undefined;
}

export class DockerApiError extends Error implements ApiErrorDetails {
  override name = 'DockerApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  /** The daemon's own message, without the prefix this error adds. */
  readonly daemonMessage: string;

  constructor(details: ApiErrorDetails, options?: { cause?: unknown }) {
    const op = details.operationId ? ` (${details.operationId})` : '';
    super(`[${details.method}] ${details.path}${op}: ${details.status} ${details.message}`, options);
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.operationId = details.operationId;
    this.daemonMessage = details.message;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isConflict(): boolean {
    return this.status === 409;
  }
}

export class DockerConnectionError extends Error {
  override name = 'DockerConnectionError';
  readonly host: string;
  readonly code: string | undefined;

  constructor(host: string, cause: unknown) {
    const code = errorCode(cause);
    const hint =
      code === 'ENOENT' || code === 'ECONNREFUSED'
        ? 'is the Docker daemon running, and is DOCKER_HOST right?'
        : code === 'EACCES'
          ? 'no permission on the socket: run as a user in the docker group or as root'
          : code && /CERT|TLS|SSL/.test(code)
            ? 'TLS failed: check ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH and that the daemon asks for them'
            : 'check DOCKER_HOST and the TLS settings';
    super(`cannot connect to the Docker daemon at ${host}: ${code ?? describe(cause)} (${hint})`, { cause });
    this.host = host;
    this.code = code;
  }
}

/** Turns an error body (JSON `{"message"}` or plain text) into the daemon's message. */
export function daemonMessage(body: unknown, statusText: string): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  if (typeof body === 'string' && body.trim()) return body.trim();
  return statusText || 'no message from the daemon';
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_')) return code;
  }
  return undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
