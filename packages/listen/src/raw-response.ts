/**
 * An HTTP/1.1 response written by hand on a socket the HTTP server no longer writes to: a
 * hijacked or upgraded connection (attach, exec start, websocket), or a request Node could not
 * parse. Pure (returns the bytes).
 */
export type RawHeaders = ReadonlyArray<readonly [name: string, value: string]>;

/** The status line and headers, ending with the blank line. */
export function rawResponseHead(status: number, statusText: string, headers: RawHeaders): string {
  return `HTTP/1.1 ${status} ${statusText}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

/** A whole response with a JSON body that closes the connection (an error answer). */
export function rawJsonResponse(status: number, statusText: string, body: string, headers: RawHeaders = []): Buffer {
  return Buffer.from(
    rawResponseHead(status, statusText, [
      ['Content-Type', 'application/json'],
      ...headers,
      ['Content-Length', String(Buffer.byteLength(body))],
      ['Connection', 'close'],
    ]) + body,
  );
}
