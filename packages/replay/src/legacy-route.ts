/**
 * Which requests the replay daemon takes off Node's HTTP parser when they come without an
 * `Upgrade` header: attach and exec start (`transport: hijack` in the operation table). The
 * daemon answers those `200` and then speaks raw bytes both ways on the same connection (how
 * dockerode calls `exec.start({ stdin: true })`), so the bytes behind the request are the
 * client's stdin, not a next request. Which recorded exchange answers is decided later, from
 * the body (a detached exec start was recorded as plain HTTP and is answered as one).
 */
import { findOperation } from '@docktape/api';

export function isLegacyHijackRoute(method: string, url: string, upgrade: string | undefined): boolean {
  return upgrade === undefined && findOperation(method, url)?.operation.transport === 'hijack';
}
