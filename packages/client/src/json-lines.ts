/**
 * Splits a byte stream of concatenated JSON values (the daemon's stats and events streams: Go's
 * json.Encoder writes one value and a newline per item) into parsed values. Chunks may split a
 * value anywhere, hold several values, or values may follow each other without the newline:
 * the splitter tracks object/array depth and strings, so it never depends on where the chunks
 * or newlines fall. Pure logic.
 */
import { DockerStreamError } from './errors.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonValueSplitter {
  /** Bytes of the value being read, kept from chunks that did not finish it. */
  private parts: Uint8Array[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  private readonly decoder = new TextDecoder();

  /** Returns the texts of the top-level objects and arrays this chunk completes. */
  push(chunk: Uint8Array): string[] {
    const out: string[] = [];
    let start = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) {
        if (this.depth === 0) throw new SyntaxError('unexpected string outside a JSON object in the stream');
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth++ === 0) start = i;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 0) throw new SyntaxError('unbalanced "}" or "]" in the JSON stream');
        if (--this.depth === 0) {
          out.push(this.take(chunk.subarray(start, i + 1)));
          start = -1;
        }
      } else if (this.depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        // Only objects and arrays are streamed by the daemon; anything else is a broken stream.
        throw new SyntaxError(`unexpected byte 0x${c.toString(16)} between JSON values in the stream`);
      }
    }
    if (this.depth > 0 && start >= 0) this.parts.push(chunk.slice(start));
    return out;
  }

  /** True when a value was started and not finished (the stream ended mid-object). */
  get partial(): boolean {
    return this.depth > 0;
  }

  private take(last: Uint8Array): string {
    if (this.parts.length === 0) return this.decoder.decode(last);
    this.parts.push(last);
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) (all.set(p, at), (at += p.length));
    this.parts = [];
    return this.decoder.decode(all);
  }
}

/** Parses a stream of concatenated JSON objects; the stream ending mid-object is an error. */
export async function* jsonValues<T>(source: AsyncIterable<Uint8Array>): AsyncGenerator<T, void, undefined> {
  const splitter = new JsonValueSplitter();
  for await (const chunk of source) {
    for (const text of splitter.push(chunk)) yield JSON.parse(text) as T;
  }
  if (splitter.partial) throw new SyntaxError('the JSON stream ended in the middle of a value');
}

/**
 * `jsonValues` over a daemon's answer: a malformed stream is the daemon's fault, not a parse the
 * caller asked for, so it becomes a `DockerStreamError` (`bad-json`) naming the operation, with
 * the SyntaxError as its cause.
 */
export async function* daemonJsonValues<T>(source: AsyncIterable<Uint8Array>, operation: string): AsyncGenerator<T, void, undefined> {
  try {
    yield* jsonValues<T>(source);
  } catch (err) {
    if (err instanceof SyntaxError) throw new DockerStreamError('bad-json', `${operation}: ${err.message}`, { cause: err });
    throw err;
  }
}
