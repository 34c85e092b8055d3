/**
 * Hijacking an HTTP connection for a raw bidirectional stream (attach, exec start), as moby's
 * Go client does in `client/hijack.go`: the request says `Connection: Upgrade` and
 * `Upgrade: tcp`, the daemon must answer `101 UPGRADED`, and any bytes that arrived with the
 * response headers are the start of the stream and must be kept (Node hands them over as `head`).
 *
 * Each hijack gets its own socket, outside the pool: the connection is never HTTP again.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttach
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { DockerEndpoint } from './docker-host.js';
import { readTlsFiles } from './tls-files.js';
import { DockerApiError, DockerConnectionError, DockerStreamError, daemonMessage, isAbort, type DockerError } from './errors.js';

export interface HijackRequest {
  method: 'POST' | 'GET';
  /** Full path with the version prefix and query. */
  path: string;
  operationId: string;
  signal?: AbortSignal | undefined;
}

export interface Hijacked {
  /** The raw connection, already holding any bytes that came with the 101 answer. */
  socket: Socket;
  headers: IncomingHttpHeaders;
}

/** Options of http(s).request that reach the daemon's endpoint (unix socket, TCP or TLS). */
export function endpointRequestOptions(endpoint: DockerEndpoint): https.RequestOptions {
  if (endpoint.kind === 'unix') return { socketPath: endpoint.socketPath, host: 'docker' };
  const base = { host: endpoint.hostname, port: endpoint.port };
  const { tls } = endpoint;
  if (!tls) return base;
  return { ...base, ...readTlsFiles(tls) };
}

export function hijack(endpoint: DockerEndpoint, req: HijackRequest): Promise<Hijacked> {
  const secure = endpoint.kind === 'tcp' && endpoint.tls !== undefined;
  return new Promise<Hijacked>((resolve, reject) => {
    const request = (secure ? https : http).request({
      ...endpointRequestOptions(endpoint),
      method: req.method,
      path: req.path,
      agent: false,
      signal: req.signal,
      // An explicit empty body: with chunked encoding the terminating "0\r\n\r\n" would reach
      // the container's stdin once the daemon hijacks the connection.
      headers: { Connection: 'Upgrade', Upgrade: 'tcp', 'Content-Length': '0' },
    });
    request.on('upgrade', (res: IncomingMessage, socket: Socket, head: Buffer) => {
      // Node emits 'upgrade' only for 101: what the Go client requires too.
      socket.setNoDelay(true);
      if (head.length > 0) socket.unshift(head);
      resolve({ socket, headers: res.headers });
    });
    request.on('response', (res: IncomingMessage) => {
      void failure(res, req).then(reject, reject);
    });
    // Before the 101 nothing was exchanged but this request: any failure is not reaching the daemon.
    request.on('error', (err: Error) => reject(isAbort(err) ? err : new DockerConnectionError(endpoint.url, err)));
    request.end();
  });
}

/** A non-101 answer: an API error with the daemon's message, or a refusal to upgrade. */
async function failure(res: IncomingMessage, req: HijackRequest): Promise<DockerError> {
  let text = '';
  try {
    for await (const chunk of res) {
      text += String(chunk);
      if (text.length > 64 * 1024) break;
    }
  } catch {
    // The message is best effort; the status is what matters.
  }
  res.destroy();
  const status = res.statusCode ?? 0;
  const path = req.path.split('?')[0]!;
  if (status >= 200 && status < 300) {
    return new DockerStreamError('upgrade-refused', `[${req.method}] ${path} (${req.operationId}): the daemon answered ${status} instead of 101: unable to upgrade to tcp`);
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain-text body
  }
  return new DockerApiError({ status, message: daemonMessage(body, res.statusMessage ?? ''), method: req.method, path, operationId: req.operationId });
}
