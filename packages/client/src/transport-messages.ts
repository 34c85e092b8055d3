/**
 * Lightweight request and response objects for openapi-fetch's `Request` and `fetch` options.
 *
 * Why: a WHATWG Request costs ~15 us to build and a Response over a web stream ~100 us to read
 * on Node 20, several times what undici needs to carry a small call over a unix socket.
 * `TransportRequest` only keeps what openapi-fetch gives it. `TransportResponse` *is* a
 * Response (instanceof holds, headers/status are the real ones) but reads its body straight
 * from undici's Node stream; `body` turns into a web stream only when someone asks for it.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { ResponseHeaders } from './response-headers.js';

export class TransportRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly bodyInit: BodyInit | null | undefined;
  readonly signal: AbortSignal | null;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.bodyInit = init.body;
    this.signal = init.signal ?? null;
  }
}

type UndiciBody = Dispatcher.ResponseData['body'];
type WebBody = ReadableStream<Uint8Array<ArrayBuffer>>;

/**
 * A Response whose body is undici's Node stream. It is an `instanceof Response` (its prototype
 * chain goes through Response.prototype, see below) but never runs the WHATWG constructor:
 * that alone cost ~10 us a call on Node 20, more than the rest of openapi-fetch's work, and kept
 * small calls behind dockerode (tools/bench/RESULTS-client.md). Every member of Response is
 * implemented here, so none of Response.prototype's slot-checking accessors is ever reached.
 */
export class TransportResponse implements Response {
  readonly status: number;
  readonly statusText = '';
  readonly headers: Headers;
  readonly type: ResponseType = 'basic';
  readonly redirected = false;
  readonly url: string;
  #source: UndiciBody | null;
  #web: WebBody | null = null;
  #used = false;

  constructor(source: UndiciBody | null, res: Pick<Dispatcher.ResponseData, 'statusCode' | 'headers'>, url: string) {
    this.status = res.statusCode;
    this.headers = new ResponseHeaders(res.headers);
    this.#source = source;
    this.url = url;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get body(): WebBody | null {
    if (!this.#web && this.#source) this.#web = Readable.toWeb(this.#take()) as WebBody;
    return this.#web;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async text(): Promise<string> {
    if (this.#web) return new Response(this.#web).text();
    // A used body fails (#take) as the Fetch spec says; only a null body reads as empty.
    return this.#source || this.#used ? this.#take().text() : '';
  }

  async json(): Promise<any> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#web) return new Response(this.#web).arrayBuffer();
    return this.#source || this.#used ? this.#take().arrayBuffer() : new ArrayBuffer(0);
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }

  async formData(): Promise<FormData> {
    throw new TypeError('the Docker API sends no form data');
  }

  clone(): Response {
    throw new TypeError('docktape responses stream from the socket and cannot be cloned; read the body once');
  }

  #take(): UndiciBody {
    const source = this.#source;
    // TypeError: what the Fetch spec has a Response throw for a body read twice (as for
    // clone() and formData() above), so code written against fetch handles it as it would there.
    if (!source) throw new TypeError('body already used');
    this.#source = null;
    this.#used = true;
    return source;
  }
}
// `instanceof Response` holds for callers and middleware that check it.
Object.setPrototypeOf(TransportResponse.prototype, Response.prototype);
