/**
 * The least an HTTP-aware Node relay does (a contender of small-requests.ts, run as its own
 * process): `http.createServer` on loopback TCP, each request forwarded with `http.request` over
 * one keep-alive agent to the daemon's unix socket, the answer piped back. Nothing else: no
 * error pages, no header rewriting, no hijack or upgrade handling.
 *
 *   node --import tsx tools/bench/relay-node-minimal.ts /path/to/docker.sock
 * prints `listening on tcp://127.0.0.1:PORT` when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const socketPath = process.argv[2];
if (!socketPath) throw new Error('usage: relay-node-minimal.ts SOCKET');
const agent = new http.Agent({ keepAlive: true });

const server = http.createServer((req, res) => {
  const upstream = http.request({ socketPath, agent, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => console.log(`listening on tcp://127.0.0.1:${(server.address() as AddressInfo).port}`));
