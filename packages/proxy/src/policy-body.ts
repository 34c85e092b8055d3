/**
 * A request body read for the policy before anything goes to the daemon: whole (Node's parser
 * has de-chunked it and held it to its Content-Length), and never more than the policy's limit.
 * Past the limit reading stops at once: a 1 GiB create body is refused after 1 MiB, not drained
 * (the answer then closes the connection, since the rest of the body is still on it). A policy
 * in warn or audit mode forwards it anyway: what was read, then the rest, as one body.
 */
import type { IncomingMessage } from 'node:http';

/** `head`: what was read before the limit (the rest is still on the paused request). */
export type PolicyBody = { bytes: Buffer } | { tooLarge: number; head: Buffer };

/** Calls `done` once with the body or the size at which it went over; `aborted` if the client left first. */
export function readPolicyBody(req: IncomingMessage, maxBytes: number, aborted: () => void, done: (body: PolicyBody) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (then: () => void) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    then();
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      req.pause();
      chunks.push(chunk);
      return settle(() => done({ tooLarge: size, head: Buffer.concat(chunks, size) }));
    }
    chunks.push(chunk);
  };
  if (req.destroyed && !req.readableEnded) return settle(aborted);
  req.on('data', onData);
  req.on('end', () => settle(() => done({ bytes: Buffer.concat(chunks, size) })));
  req.on('error', () => settle(aborted));
  req.on('close', () => {
    if (!req.complete) settle(aborted);
  });
}
