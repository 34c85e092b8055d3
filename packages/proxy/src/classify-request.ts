/**
 * Decides which path a request takes through the proxy. Pure.
 *
 * - `http`: an ordinary request/response: body-less GETs and HEADs by the raw relay
 *   (isRawRelayed), the rest by http-proxy-3.
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
 * Requests the raw relay forwards (stream-forward.ts): body-less GETs and HEADs over HTTP/1.1.
 * Requests with a body (and body-less POSTs, which a policy may ask the body of) go through
 * http-proxy-3.
 */
export function isRawRelayed(method: string, httpVersion: string, hasBody: boolean): boolean {
  return (method === 'GET' || method === 'HEAD') && httpVersion === '1.1' && !hasBody;
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
