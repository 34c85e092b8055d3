/**
 * A TCP (optionally TLS) front for the daemon's unix socket, so the client's tcp:// and TLS
 * paths are tested against the real daemon, which here listens on a unix socket only.
 * Each connection is piped both ways with half-close kept (allowHalfOpen).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';

export interface Relay {
  port: number;
  /** Connections accepted so far (keep-alive tests count them). */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startRelay(socketPath: string, tlsOptions?: tls.TlsOptions): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const onConnection = (client: net.Socket) => {
    accepted++;
    const upstream = net.connect({ path: socketPath, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server = tlsOptions
    ? tls.createServer({ ...tlsOptions, allowHalfOpen: true }, onConnection)
    : net.createServer({ allowHalfOpen: true }, onConnection);
  // A failed TLS handshake is the test's point in some cases, not a crash of the relay.
  server.on('tlsClientError', () => undefined);
  // Track raw sockets too (for TLS, 'connection' fires before the handshake), so close()
  // never waits on a client that a failed test left connected.
  server.on('connection', (raw: net.Socket) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
