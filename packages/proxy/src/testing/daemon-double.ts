/**
 * A daemon double for the proxy's unit tests: an HTTP server on loopback answering with the
 * test's handler, its `tcp://` URL (what `resolveTarget` takes), and a close that waits for it.
 * Not part of the package (excluded from the build and the tarball).
 */
import http from 'node:http';
import type net from 'node:net';

export interface DaemonDouble {
  server: http.Server;
  /** tcp://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

export async function startDaemonDouble(handler: http.RequestListener): Promise<DaemonDouble> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
