/**
 * Which bytes of a read from the daemon belong to the response body, for the streamed-body
 * relay (stream-forward.ts): the daemon's raw bytes (framing included) go to the client, the
 * body data in them goes to the recorder, and the body ends where its framing says
 * (RFC 9112 section 6.3). Pure apart from the chunked decoder's own position in the stream.
 */
import { ChunkedDecoder, type BodyFraming } from './chunked-decoder.js';

export interface BodyCut {
  /** How many bytes of the read belong to the body's framing (the rest follow the body). */
  framed: number;
  /** The body is over. */
  complete: boolean;
  /** The framing is broken: nothing more can be relayed. */
  error?: string;
}

export type BodyCutter = (raw: Buffer, onData: (data: Buffer) => void) => BodyCut;

export function createBodyCutter(framing: BodyFraming): BodyCutter {
  if (framing.kind === 'chunked') {
    const decoder = new ChunkedDecoder();
    return (raw, onData) => {
      const framed = decoder.push(raw, onData);
      if (decoder.error) return { framed, complete: false, error: `broken chunked framing from the daemon: ${decoder.error}` };
      return { framed, complete: decoder.done };
    };
  }
  if (framing.kind === 'length') {
    let left = framing.length;
    return (raw, onData) => {
      const framed = Math.min(left, raw.length);
      if (framed > 0) onData(raw.subarray(0, framed));
      left -= framed;
      return { framed, complete: left === 0 };
    };
  }
  // the body ends when the daemon closes: every byte is body
  return (raw, onData) => {
    if (raw.length > 0) onData(raw);
    return { framed: raw.length, complete: false };
  };
}
