/**
 * Sends legacy hijacks (attach or exec start WITHOUT `Upgrade`, see legacy-route.ts) down Node's
 * own upgrade branch, so the daemon adapter gets the raw connection and every byte the client
 * sent after the request head, as it does for `Upgrade: tcp`. Read as ordinary HTTP, the stdin
 * a client pipelines behind the body would go to Node's parser as a next request: lost.
 *
 * How: once a request head is parsed, Node's server calls `socket.parser.onIncoming(req)`; for a
 * request with `req.upgrade` set (and an 'upgrade' listener) it tells the parser to stop after
 * the head and emits 'upgrade' with what followed, parser detached and its listeners dropped.
 * Wrapping `onIncoming` per connection to set `req.upgrade` takes that branch.
 *
 * Node internals used (checked on Node 20.20; legacy-upgrade.test.ts fails if they change):
 * the server's 'connection' (TLS: 'secureConnection') listener, registered before ours, sets
 * `socket.parser.onIncoming`, and the server reads `req.upgrade` after it returns.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

type Incoming = IncomingMessage & { upgrade?: boolean };
type OnIncoming = (req: Incoming, keepAlive: boolean) => unknown;

const wrapped = new WeakSet<object>();

/** Makes `server` emit 'upgrade' for the requests `isLegacy` picks (it sees the head only). */
export function upgradeLegacyHijacks(server: Server, isLegacy: (req: IncomingMessage) => boolean): void {
  const wrap = (socket: Socket) => {
    const parser = (socket as Socket & { parser?: { onIncoming?: OnIncoming } }).parser;
    const original = parser?.onIncoming;
    // a TLS server's raw TCP socket has no parser: its TLS socket comes as 'secureConnection'
    if (!parser || !original || wrapped.has(original)) return;
    const onIncoming: OnIncoming = (req, keepAlive) => {
      if (!req.upgrade && isLegacy(req)) req.upgrade = true;
      return original.call(parser, req, keepAlive);
    };
    wrapped.add(onIncoming);
    parser.onIncoming = onIncoming;
  };
  server.on('connection', wrap);
  server.on('secureConnection', wrap);
}
