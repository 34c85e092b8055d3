/**
 * The headers of a `TransportResponse`: a `Headers` (instanceof holds, see below) over the
 * record undici hands us, without running the WHATWG constructor.
 *
 * Why: `new Headers(pairs)` validates every name and value and cost ~14 us for the daemon's
 * seven response headers on Node 20, more than openapi-fetch's own work on a call, and it
 * ran on every call whether anyone read a header or not (openapi-fetch reads one:
 * Content-Length). Reads here are a lookup in the record; iteration follows the Fetch spec
 * (names sorted, values of a repeated name joined with ", ", set-cookie kept apart).
 * Every member of Headers is implemented, so none of Headers.prototype's brand-checking
 * methods is ever reached.
 */
export type RawHeaderRecord = Record<string, string | string[] | undefined>;

export class ResponseHeaders implements Headers {
  /** Lower-cased name -> values, in arrival order. undici already lower-cases names. */
  #values = new Map<string, string[]>();

  constructor(raw: RawHeaderRecord) {
    for (const name in raw) {
      const v = raw[name];
      if (v === undefined) continue;
      this.#values.set(name.toLowerCase(), Array.isArray(v) ? v.map(String) : [String(v)]);
    }
  }

  get(name: string): string | null {
    const v = this.#values.get(name.toLowerCase());
    return v === undefined ? null : v.join(', ');
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  set(name: string, value: string): void {
    this.#values.set(name.toLowerCase(), [String(value)]);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    this.#values.set(key, [...(this.#values.get(key) ?? []), String(value)]);
  }

  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name)!;
      if (name === 'set-cookie') for (const v of values) yield [name, v];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}
// `instanceof Headers` holds for callers and middleware that check it.
Object.setPrototypeOf(ResponseHeaders.prototype, Headers.prototype);
