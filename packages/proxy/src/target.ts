/**
 * The daemon the proxy forwards to, resolved like the docker CLI does (explicit --target, else
 * DOCKER_HOST, else the system socket; TLS from --target-tls* flags or DOCKER_TLS_VERIFY /
 * DOCKER_CERT_PATH) by @docktape/client's resolveDockerHost. Gives both forwarding paths what
 * they need: http-proxy-3 options with a keep-alive agent, and raw sockets for hijacked streams.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { ServerOptions } from 'http-proxy-3';
import { ProxyError } from './proxy-error.js';
import { readTlsFiles, resolveDockerHost, type DockerEndpoint, type HostOptions } from '@docktape/client';

export interface Target {
  endpoint: DockerEndpoint;
  /** unix:///path or tcp://host:port (https:// when TLS), for messages and recordings. */
  url: string;
  /** http-proxy-3 options for plain requests. */
  proxyOptions: ServerOptions;
  /**
   * A fresh socket to the daemon; half-open allowed so a hijacked stream can half-close.
   * With `onread` the bytes arrive in the caller's buffers instead of 'data' events.
   */
  connect(onread?: net.OnReadOpts): net.Socket;
  /** Closes idle keep-alive connections. */
  close(): void;
}

export function resolveTarget(options: HostOptions, env: NodeJS.ProcessEnv = process.env): Target {
  const endpoint = resolveDockerHost(options, env);
  if (endpoint.kind === 'unix') {
    // keep-alive to the daemon: a new unix connection per request would cost more than the
    // whole 1 ms latency budget on small requests
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    return {
      endpoint,
      url: endpoint.url,
      proxyOptions: { target: { socketPath: endpoint.socketPath } as ServerOptions['target'], agent },
      connect: (onread) => net.connect({ path: endpoint.socketPath, allowHalfOpen: true, onread }),
      close: () => agent.destroy(),
    };
  }
  const { hostname, port } = endpoint;
  if (!endpoint.tls) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
    return {
      endpoint,
      url: endpoint.url,
      proxyOptions: { target: { host: hostname, port }, agent },
      connect: (onread) => net.connect({ host: hostname, port, allowHalfOpen: true, onread }),
      close: () => agent.destroy(),
    };
  }
  // one reader of PEM files with the client's (@docktape/client tls-files.ts), its failure as ours
  let material;
  try {
    const { ca, cert, key } = readTlsFiles(endpoint.tls, 'check --target-tlscacert, --target-tlscert, --target-tlskey or DOCKER_CERT_PATH');
    material = { ca, cert, key };
  } catch (err) {
    throw new ProxyError((err as Error).message, { cause: err });
  }
  const verify = endpoint.tls.verify;
  const agent = new https.Agent({ keepAlive: true, maxSockets: Infinity, ...material, rejectUnauthorized: verify });
  return {
    endpoint,
    url: endpoint.url,
    proxyOptions: { target: { protocol: 'https:', host: hostname, port, ...material }, agent, secure: verify },
    connect: (onread) => {
      // tls.connect passes allowHalfOpen and onread on to the TLSSocket although its typings omit
      // them (undocumented); checked on Node 20.20, 22.23, 24.22 by tls-target.test.ts (a streamed
      // body over TLS arrives through onread, byte for byte)
      const socketOptions = { allowHalfOpen: true, onread } as tls.ConnectionOptions;
      const servername = net.isIP(hostname) ? undefined : hostname;
      return tls.connect({ host: hostname, port, servername, ...material, rejectUnauthorized: verify, ...socketOptions });
    },
    close: () => agent.destroy(),
  };
}
