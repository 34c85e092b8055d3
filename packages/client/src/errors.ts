/**
 * The client's one error family. Every failure the client itself raises from a public path is
 * a `DockerError`: `err instanceof DockerError` is what identifies the family (each subclass
 * has its own `name`, so logs show which one). What stays outside it, on purpose:
 * - an abort passes through as the `AbortError` (or `signal.reason`) the caller caused, as
 *   `fetch` does;
 * - the Response shim (transport-messages.ts) throws `TypeError` where the Fetch spec says a
 *   Response does (`body already used`, `formData()` on a non-form body, `clone()` that cannot
 *   be served), so code written against `fetch` keeps working;
 * - the pure parsers exported for reuse (`jsonValues`, `decodePathStat`) throw `SyntaxError`
 *   as `JSON.parse` does; on the client's own paths their failures are wrapped in a
 *   `DockerStreamError` (code `bad-json`, `bad-header`) with the `SyntaxError` as `cause`.
 *
 * No message prefix is fixed: API errors carry the daemon's own text, after `[METHOD] path`.
 */
import { errorMessageOf } from '@docktape/api';

export class DockerError extends Error {
  override name = 'DockerError';
}

export interface ApiErrorDetails {
  status: number;
  /** The daemon's `message`, or its plain-text body when it sent no JSON. */
  message: string;
  method: string;
  path: string;
  operationId: string | undefined;
}

/** What the daemon said: a non-2xx answer, with its status and message. */
export class DockerApiError extends DockerError implements ApiErrorDetails {
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

/** Not reaching the daemon at all (socket missing, refused, TLS handshake), with a hint. */
export class DockerConnectionError extends DockerError {
  override name = 'DockerConnectionError';
  readonly host: string;
  readonly code: string | undefined;

  constructor(host: string, cause: unknown) {
    const code = errorCode(cause);
    const hint =
      code === 'ENOENT' || code === 'ECONNREFUSED'
        ? // where the client looked came from the host option, DOCKER_HOST or the default socket: say how to change it
          'is the Docker daemon running there? Point elsewhere with DOCKER_HOST (unix:///path/to/docker.sock, tcp://host:2375) or the client\'s host option'
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

/**
 * Why an answer that did arrive could not be carried through. `daemon-error` is the only one
 * the daemon reports itself (a type-3 frame); the others are the client noticing a broken
 * protocol or a connection that ended too soon.
 */
export type StreamErrorCode =
  /** A type-3 frame in a multiplexed stream: the daemon's error, e.g. a failing log driver. */
  | 'daemon-error'
  /** A frame type other than 0-3: usually a TTY's raw stream read as multiplexed. */
  | 'unknown-frame-type'
  /** A JSON stream (stats, wait) that is not a sequence of JSON values. */
  | 'bad-json'
  /** A header the answer must carry is missing or malformed (X-Docker-Container-Path-Stat). */
  | 'bad-header'
  /** The answer ended before it gave what the operation returns (stats, wait). */
  | 'ended-early'
  /** The connection broke in the middle of an answer or a session (reset, socket error). */
  | 'connection-lost'
  /** A hijack answered 2xx instead of `101 UPGRADED`. */
  | 'upgrade-refused'
  /** The attach websocket failed, or closed abnormally (before it opened, or mid-session). */
  | 'websocket-closed'
  /** A websocket message that is neither text nor binary. */
  | 'websocket-message';

/** A stream or an answer the client could not read as the API says it should be. */
export class DockerStreamError extends DockerError {
  override name = 'DockerStreamError';
  readonly code: StreamErrorCode;
  /** For `daemon-error`, the daemon's own message, without the prefix; else undefined. */
  readonly daemonMessage: string | undefined;

  constructor(code: StreamErrorCode, message: string, options?: { cause?: unknown; daemonMessage?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.daemonMessage = options?.daemonMessage;
  }

  /** A type-3 frame's payload as the error it reports. */
  static fromDaemon(daemonMessage: string): DockerStreamError {
    return new DockerStreamError('daemon-error', `error from daemon in stream: ${daemonMessage}`, { daemonMessage });
  }
}

/**
 * `docker cp` cannot do what was asked (not a regular file, no such directory, link loop, ...),
 * or a host file could not be read or written (then `code` is the system's, e.g. ENOENT).
 */
export class CopyError extends DockerError {
  override name = 'CopyError';
  readonly code: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = errorCode(options?.cause);
  }
}

/**
 * The client's options or environment cannot work (`apiVersion`, DOCKER_HOST), or ask for
 * something the configured client does not have (the undici dispatcher of a `fetch` client).
 */
export class DockerConfigError extends DockerError {
  override name = 'DockerConfigError';
}

/**
 * An abort the caller asked for (its AbortSignal), as undici, node:http and fetch report it:
 * these pass through unwrapped, as `fetch` rejects with them.
 */
export function isAbort(err: unknown): boolean {
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  return name === 'AbortError' || name === 'RequestAbortedError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR';
}

/** A connection that broke mid-answer, as a `DockerStreamError` naming what was being read; aborts and family members pass as they are. */
export function lostConnection(err: unknown, what: string): unknown {
  if (err instanceof DockerError || isAbort(err)) return err;
  return new DockerStreamError('connection-lost', `${what}: the connection broke: ${describe(err)}`, { cause: err });
}

/** Turns an error body (JSON `{"message"}` or plain text) into the daemon's message. */
export function daemonMessage(body: unknown, statusText: string): string {
  const message = errorMessageOf(body);
  if (message !== undefined) return message;
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
