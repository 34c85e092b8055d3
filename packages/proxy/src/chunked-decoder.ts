/**
 * Incremental decoder of HTTP/1.1 chunked framing (RFC 9112 section 7.1), for the streamed-body
 * relay: the raw bytes go to the client untouched, and this tells the recorder which of them are
 * body data and when the body is over. Pure and copy-free: data comes out as slices of the input.
 */
export type BodyFraming = { kind: 'chunked' } | { kind: 'length'; length: number } | { kind: 'close' };

/** How the daemon frames a response body, from its status and headers (RFC 9112 section 6.3). */
export function bodyFraming(method: string, status: number, transferEncoding: string | undefined, contentLength: string | undefined): BodyFraming {
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return { kind: 'length', length: 0 };
  if (transferEncoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(transferEncoding)) return { kind: 'chunked' };
  if (contentLength !== undefined && /^\d+$/.test(contentLength.trim())) return { kind: 'length', length: Number(contentLength) };
  return { kind: 'close' };
}

type State = 'size' | 'data' | 'data-crlf' | 'trailer' | 'done';

const MAX_LINE = 4096;

export class ChunkedDecoder {
  private state: State = 'size';
  private line = '';
  private remaining = 0;
  /** Set when the framing is broken; nothing more is decoded. */
  error: string | undefined;

  get done(): boolean {
    return this.state === 'done';
  }

  /**
   * Decodes `raw`, calling `onData` with each run of body bytes. Returns how many bytes of
   * `raw` belong to the body's framing (less than its length only once the body is complete).
   */
  push(raw: Buffer, onData: (data: Buffer) => void): number {
    let i = 0;
    while (i < raw.length && this.state !== 'done' && !this.error) {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, raw.length - i);
        onData(raw.subarray(i, i + n));
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-crlf';
        continue;
      }
      // the other states read lines ending in CRLF
      const lf = raw.indexOf(0x0a, i);
      const end = lf < 0 ? raw.length : lf + 1;
      this.line += raw.toString('latin1', i, end);
      i = end;
      if (lf < 0) {
        if (this.line.length > MAX_LINE) this.error = 'chunk size line longer than 4 KiB';
        continue;
      }
      const line = this.line.replace(/\r?\n$/, '');
      this.line = '';
      this.onLine(line);
    }
    return i;
  }

  private onLine(line: string): void {
    if (this.state === 'data-crlf') {
      if (line !== '') this.error = 'missing CRLF after chunk data';
      else this.state = 'size';
    } else if (this.state === 'size') {
      // chunk extensions (";name=value") carry nothing for Docker: ignored, as llhttp does
      const hex = line.split(';', 1)[0]!.trim();
      if (!/^[0-9a-fA-F]{1,15}$/.test(hex)) {
        this.error = `bad chunk size ${JSON.stringify(line.slice(0, 40))}`;
        return;
      }
      this.remaining = parseInt(hex, 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (this.state === 'trailer') {
      // trailer fields until the blank line that ends the message
      if (line === '') this.state = 'done';
    }
  }
}
