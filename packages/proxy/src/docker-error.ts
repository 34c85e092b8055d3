/**
 * Errors the proxy itself answers, shaped like the daemon's own (`{"message": "..."}`), so
 * Docker clients print them the way they print daemon errors. The body is @docktape/api's
 * (the daemon's ErrorResponse, one writer for the repo) with the proxy's prefix in the message;
 * raw responses come from @docktape/listen, as the replay daemon's do.
 */
import { errorBody as daemonErrorBody } from '@docktape/api';
import { rawJsonResponse } from '@docktape/listen';

export const PROXY_PREFIX = 'docktape proxy: ';

export function errorBody(message: string): string {
  return daemonErrorBody(PROXY_PREFIX + message);
}

/** A whole HTTP/1.1 response for raw sockets (hijack relay, unparsable requests). */
export function rawErrorResponse(status: number, statusText: string, message: string): Buffer {
  return rawJsonResponse(status, statusText, errorBody(message));
}

/** What to do about an unreachable daemon: the docker CLI prints the message, so the hint goes with it. */
export const UNREACHABLE_HINT = ' (is the daemon running there? To forward elsewhere, restart docktape proxy with --target unix:///path/docker.sock or tcp://host:port, or set DOCKER_HOST)';

/** The 502 message when the daemon cannot be reached: one wording for plain, streamed and hijacked requests. */
export function unreachableDaemon(targetUrl: string, reason: string): string {
  return `cannot reach the Docker daemon at ${targetUrl}: ${reason}${UNREACHABLE_HINT}`;
}
