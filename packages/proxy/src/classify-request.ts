/**
 * Decides which path a request takes through the proxy. Pure.
 *
 * - `http`: an ordinary request/response, forwarded by http-proxy-3.
 * - `hijack`: attach and exec start. With `Upgrade: tcp` the daemon answers `101 UPGRADED`;
 *   without it (legacy clients) `200` and then the same raw stream on the same connection.
 *   Either way the connection stops being HTTP, so it is relayed as raw bytes both ways.
 *   See #operation/ContainerAttach and #operation/ExecStart.
 * - `websocket`: `GET .../attach/ws` with `Upgrade: websocket` (#operation/ContainerAttachWebsocket).
 */
import { findOperation, splitApiVersion } from '@docktape/api';

export type Route = 'http' | 'hijack' | 'websocket';

/** Path without the query and without the `/vX.Y` prefix. */
export function unversionedPath(url: string): string {
  return splitApiVersion(url).path;
}

/** `1.40` for `/v1.40/...`, undefined for unversioned paths. */
export function apiVersionOf(url: string): string | undefined {
  return splitApiVersion(url).version;
}

/**
 * Body-less GETs whose answers are big or endless streams (export, archive, logs, stats,
 * events, image save: `transport: stream` in the operation table of @docktape/api): relayed
 * as raw bytes by stream-forward.ts.
 */
export function isStreamedGet(method: string, url: string, httpVersion: string, hasBody: boolean): boolean {
  return method === 'GET' && httpVersion === '1.1' && !hasBody && findOperation(method, url)?.operation.transport === 'stream';
}

/** attach and exec start (`transport: hijack` in the operation table). */
export function isHijackEndpoint(method: string, url: string): boolean {
  return findOperation(method, url)?.operation.transport === 'hijack';
}

/** Route of a request that arrived with an `Upgrade` header (Node's 'upgrade' event). */
export function routeUpgrade(method: string, url: string, upgrade: string | undefined): Route | undefined {
  const proto = (upgrade ?? '').toLowerCase();
  if (proto === 'websocket' && method === 'GET') return 'websocket';
  if (proto === 'tcp' && isHijackEndpoint(method, url)) return 'hijack';
  // Any other upgrade is relayed raw too: the proxy is transparent, not a filter.
  return proto ? 'hijack' : undefined;
}

/**
 * exec start without `Upgrade` is hijacked only when not detached: the daemon decides from
 * the JSON body (`{"Detach": true}` answers a plain 200).
 */
export function execStartDetached(body: Buffer): boolean {
  try {
    return (JSON.parse(body.toString('utf8')) as { Detach?: unknown })?.Detach === true;
  } catch {
    return false;
  }
}
