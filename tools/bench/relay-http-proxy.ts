/**
 * http-proxy-3 with nothing but a keep-alive agent (a contender of small-requests.ts, run as its
 * own process): the library docktape forwards plain exchanges with, taken from
 * packages/proxy's own dependency, so its cost can be told apart from docktape's around it.
 *
 *   node --import tsx tools/bench/relay-http-proxy.ts /path/to/docker.sock
 * prints `listening on tcp://127.0.0.1:PORT` when ready.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from 'http-proxy-3';

const socketPath = process.argv[2];
if (!socketPath) throw new Error('usage: relay-http-proxy.ts SOCKET');
// resolved as packages/proxy resolves it (tools/ does not depend on it)
const PROXY_PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/proxy/package.json');
const { createProxyServer } = createRequire(PROXY_PACKAGE)('http-proxy-3') as typeof import('http-proxy-3');

const agent = new http.Agent({ keepAlive: true });
// a unix-socket target as docktape's target.ts gives it (the typings know only host/port)
const proxy = createProxyServer({ target: { socketPath } as ServerOptions['target'], agent });
// no error page: a failed exchange shows as a reset, which the bench counts as an error
proxy.on('error', (_err, _req, res) => res.destroy());

const server = http.createServer((req, res) => proxy.web(req, res));
server.listen(0, '127.0.0.1', () => console.log(`listening on tcp://127.0.0.1:${(server.address() as AddressInfo).port}`));
