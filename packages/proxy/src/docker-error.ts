/**
 * Errors the proxy itself answers, shaped like the daemon's own (`{"message": "..."}`), so
 * Docker clients print them the way they print daemon errors.
 */
export const PROXY_PREFIX = 'docktape proxy: ';

export function errorBody(message: string): string {
  return JSON.stringify({ message: PROXY_PREFIX + message }) + '\n';
}

/** A whole HTTP/1.1 response for raw sockets (hijack relay, unparsable requests). */
export function rawErrorResponse(status: number, statusText: string, message: string): Buffer {
  const body = errorBody(message);
  return Buffer.from(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
