/**
 * Raw HTTP/1.1 heads for the hijack relay, which speaks to the daemon over a plain socket.
 * Pure: serialize a request head from Node's rawHeaders (case and order kept as the client
 * sent them), and parse the daemon's response head as bytes arrive.
 */
export function serializeRequestHead(method: string, url: string, httpVersion: string, rawHeaders: string[]): Buffer {
  let head = `${method} ${url} HTTP/${httpVersion}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return Buffer.from(head + '\r\n', 'latin1');
}

export interface ResponseHead {
  httpVersion: string;
  status: number;
  statusText: string;
  /** Flat [name, value, name, value, ...] as in Node's rawHeaders. */
  rawHeaders: string[];
  /** Size of the head in bytes, blank line included. */
  size: number;
}

const MAX_HEAD = 64 * 1024;

/** Collects bytes until the blank line; then `head` is set and `rest` holds what followed. */
export class ResponseHeadParser {
  private buffered: Buffer = Buffer.alloc(0);
  head: ResponseHead | undefined;
  failed: string | undefined;

  /** Feeds bytes; returns the bytes after the head (empty while the head is incomplete). */
  push(chunk: Buffer): Buffer {
    if (this.head || this.failed) return chunk;
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buffered.length > MAX_HEAD) this.failed = 'response head larger than 64 KiB';
      return Buffer.alloc(0);
    }
    const head = parseResponseHead(this.buffered.subarray(0, end).toString('latin1'), end + 4);
    if (typeof head === 'string') this.failed = head;
    else this.head = head;
    const rest = this.buffered.subarray(end + 4);
    this.buffered = Buffer.alloc(0);
    return rest;
  }
}

export function parseResponseHead(text: string, size: number): ResponseHead | string {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const m = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) return `not an HTTP status line: ${JSON.stringify(statusLine.slice(0, 80))}`;
  const rawHeaders: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line: ${JSON.stringify(line.slice(0, 80))}`;
    rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return { httpVersion: m[1]!, status: Number(m[2]), statusText: m[3] ?? '', rawHeaders, size };
}

/** Case-insensitive lookup in a flat rawHeaders list. */
export function rawHeader(rawHeaders: string[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === wanted) return rawHeaders[i + 1];
  return undefined;
}
