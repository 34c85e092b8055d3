/**
 * The body of a legacy hijack request (attach or exec start without `Upgrade`), read whole
 * before the connection is taken over: these bodies are tiny JSON (exec start's `Detach`), and
 * whether the exec is detached decides between a plain answer and a raw stream.
 */
import type { IncomingMessage } from 'node:http';

/** Legacy hijack requests carry tiny JSON bodies; anything bigger is not an attach/exec start. */
const MAX_LEGACY_BODY = 1024 * 1024;

/** Calls `done` with the body (undefined when over the limit), or `aborted` if the client left first. */
export function readLegacyBody(req: IncomingMessage, aborted: () => void, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (then: () => void) => {
    if (settled) return;
    settled = true;
    then();
  };
  // A client that aborts mid-body never brings 'end': the exchange is finished as aborted.
  if (req.destroyed && !req.readableEnded) return settle(aborted);
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_LEGACY_BODY) chunks.push(chunk);
  });
  req.on('end', () => settle(() => done(size <= MAX_LEGACY_BODY ? Buffer.concat(chunks) : undefined)));
  req.on('error', () => settle(aborted));
  req.on('close', () => {
    if (!req.complete) settle(aborted);
  });
}

/** The body was read (and de-chunked) by Node: the daemon gets it with a Content-Length. */
export function withContentLength(rawHeaders: string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name !== 'content-length' && name !== 'transfer-encoding') out.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  if (length > 0) out.push('Content-Length', String(length));
  return out;
}

/**
 * How many body bytes a legacy hijack that came as an 'upgrade' (legacy-upgrade.ts) has, from
 * its head: Content-Length, or 0 with no body headers. Undefined when the proxy leaves the body
 * to Node's parser (chunked, unparsable, or over the limit): the request goes back to HTTP.
 */
export function legacyBodyLength(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): number | undefined {
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const declared = headers['content-length'];
  if (declared === undefined) return 0;
  if (!/^\d+$/.test(declared)) return undefined;
  const length = Number(declared);
  return length <= MAX_LEGACY_BODY ? length : undefined;
}
