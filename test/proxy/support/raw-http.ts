/** Raw bytes over a socket to the proxy: for requests no HTTP client would send. */
import { connect } from 'node:net';

export function hostPort(url: string): { host: string; port: number } {
  const m = /^tcp:\/\/(.+):(\d+)$/.exec(url);
  if (!m) throw new Error(`not a tcp:// url: ${url}`);
  return { host: m[1]!, port: Number(m[2]) };
}

/** Writes `request`, then reads until the proxy closes the connection. */
export function rawExchange(url: string, request: string): Promise<string> {
  const { host, port } = hostPort(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.setTimeout(60_000, () => socket.destroy(new Error('no answer in 60 s')));
    socket.write(request);
  });
}
