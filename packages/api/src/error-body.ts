/**
 * The daemon's error body (ErrorResponse in the spec): `{"message": "..."}`. Clients print the
 * message (the docker CLI as `Error response from daemon: <message>`), so anything docktape
 * answers in the daemon's place uses the same shape. Pure.
 */

/** The body bytes the daemon would send for `message` (JSON and a newline, as moby writes it). */
export function errorBody(message: string): string {
  return JSON.stringify({ message }) + '\n';
}

/** The message of a parsed error body, or undefined when the body is not one. */
export function errorMessageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return undefined;
}
