/**
 * Takes a connection away from Node's HTTP server after a request head, for legacy hijacks:
 * an attach (or non-detached exec start) without `Upgrade` gets `200` and then raw bytes in
 * both directions on the same connection, which the HTTP parser would misread as further
 * requests. Node offers this only for requests with an Upgrade header (the 'upgrade' event),
 * so this does what Node's own upgrade branch does (lib/_http_server.js,
 * onParserExecuteCommon): stop feeding the parser and drop the server's socket listeners.
 *
 * Node internals used (checked on Node 20.20, 22.23 and 24.22; node-internals.test.ts fails if
 * they change): a server connection's `socket.parser` with `remove()`, the server's own socket
 * listeners for data/end/drain/error/timeout, and that a 'data' listener unconsumes the socket.
 *
 * @note Only a fallback now: legacy hijacks normally come through the 'upgrade' branch
 * (legacy-upgrade.ts), which keeps the bytes behind the body. This path serves those whose body
 * the proxy leaves to Node's parser (chunked or oversized); bytes the client pipelines right
 * behind such a body have already gone to the parser and are lost.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

interface ParserLike {
  remove?: () => void;
}

export function takeOverSocket(req: IncomingMessage): Socket {
  const socket = req.socket;
  // Adding a 'data' listener makes Node stop handing bytes to the parser natively
  // (unconsume); the server's own listeners are then removed so no byte reaches it.
  // Node internals, checked on 20.20, 22.23, 24.22 (node-internals.test.ts: "no byte reaches the HTTP parser").
  const noop = () => undefined;
  socket.on('data', noop);
  for (const event of ['data', 'end', 'drain', 'error', 'timeout'] as const) socket.removeAllListeners(event);
  // Leave the server's request-timeout bookkeeping: this connection is no HTTP any more.
  // Node internal `parser.remove()` takes it off the server's connection list (what request
  // timeouts and closeAllConnections walk); checked on 20.20, 22.23, 24.22 (node-internals.test.ts).
  (socket as Socket & { parser?: ParserLike }).parser?.remove?.();
  socket.setTimeout(0);
  socket.pause();
  return socket;
}
