/**
 * Legacy hijacks (POST attach or exec start WITHOUT `Upgrade`, answered `200` then raw bytes)
 * are handed to the server's 'upgrade' handler with every byte the client sent after the head,
 * so the stdin a client pipelines right behind the request reaches the daemon (issue 12,
 * point 4). Read as an ordinary request, those bytes go to Node's HTTP parser as the next
 * request: lost, and a parse error ('clientError') on a connection that is no HTTP any more.
 *
 * How: Node's server asks `parser.onIncoming(req)` what to do once a request head is parsed;
 * for a request it sees as an upgrade it answers "the rest is another protocol", the parser
 * stops right after the head, and the server emits 'upgrade' with the bytes that followed
 * (its own upgrade branch: parser detached, listeners dropped). Wrapping `onIncoming` per
 * connection to set `req.upgrade` on legacy hijacks takes that same branch.
 *
 * A detached exec start (`{"Detach": true}`) is answered as plain HTTP on a connection the
 * client keeps using; which one it is shows only in the body, read after the head. Such a
 * request goes back to the HTTP server (`backToHttp`): its head and the bytes are put back in
 * front of the socket (`unshift`) and the socket is handed to the server again as a new
 * connection (documented: 'connection' may be emitted to inject a socket), once marked so the
 * wrapper lets that request through as ordinary.
 *
 * Node internals used (checked on Node 20.20, 22.23 and 24.22; node-internals.test.ts fails if
 * they change): `socket.parser.onIncoming` is set per connection by the server's 'connection'
 * (TLS: 'secureConnection') listener, which runs before ours, and the server reads
 * `req.upgrade` from what it returns to decide the upgrade branch.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/** Node's parsed request as the parser hands it over; `upgrade` is set from the head. */
type Incoming = IncomingMessage & { upgrade?: boolean };
type OnIncoming = (req: Incoming, keepAlive: boolean) => unknown;
interface ParserLike {
  onIncoming?: OnIncoming;
}

/** Sockets whose next request is ordinary HTTP whatever its route (put back by backToHttp). */
const asHttp = new WeakSet<Socket>();
const wrapped = new WeakSet<object>();

/** Makes `server` emit 'upgrade' for requests `isLegacyHijack` picks (and no Upgrade header). */
export function upgradeLegacyHijacks(server: Server, isLegacyHijack: (method: string, url: string) => boolean): void {
  const wrap = (socket: Socket) => {
    const parser = (socket as Socket & { parser?: ParserLike }).parser;
    const original = parser?.onIncoming;
    // the raw TCP socket of a TLS server has no parser; its TLS socket comes as 'secureConnection'
    if (!parser || !original || wrapped.has(original)) return;
    const onIncoming: OnIncoming = (req, keepAlive) => {
      if (!req.upgrade && isLegacyHijack(req.method ?? '', req.url ?? '')) {
        if (asHttp.has(socket)) asHttp.delete(socket);
        else req.upgrade = true;
      }
      return original.call(parser, req, keepAlive);
    };
    wrapped.add(onIncoming);
    parser.onIncoming = onIncoming;
  };
  server.on('connection', wrap);
  server.on('secureConnection', wrap);
}

/** A legacy request Node handed to 'upgrade' (it has no Upgrade header of its own). */
export function isLegacyUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade === undefined;
}

/**
 * Hands a connection taken by a legacy 'upgrade' back to the HTTP server: `head` (the request
 * head) and `bytes` (all that followed it) are read again by a fresh parser, and that request
 * is handled as ordinary HTTP.
 */
export function backToHttp(server: Server, socket: Socket, head: Buffer, bytes: Buffer): void {
  asHttp.add(socket);
  socket.unshift(Buffer.concat([head, bytes]));
  server.emit((socket as Socket & { encrypted?: boolean }).encrypted ? 'secureConnection' : 'connection', socket);
}

/**
 * Collects a legacy request's body (Content-Length bytes) from what came with the head and what
 * the socket brings next; `done` gets everything read (body, then whatever followed it), or
 * undefined if the client left first.
 */
export function collectBody(socket: Socket, first: Buffer, length: number, done: (bytes: Buffer | undefined) => void): void {
  if (first.length >= length) return done(first);
  const chunks = [first];
  let size = first.length;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size < length) return;
    stop();
    socket.pause();
    done(Buffer.concat(chunks));
  };
  const onGone = () => {
    stop();
    done(undefined);
  };
  const stop = () => {
    socket.off('data', onData);
    socket.off('end', onGone);
    socket.off('close', onGone);
  };
  socket.on('data', onData);
  socket.once('end', onGone);
  socket.once('close', onGone);
  socket.resume();
}
