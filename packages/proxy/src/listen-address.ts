/**
 * Where the proxy listens: `HOST:PORT`, `tcp://HOST:PORT`, `:PORT`, or `unix:///path`. Port 0
 * asks the system for a free port. Pure: parsing and the loopback check only.
 */
import { isIP } from 'node:net';

export type ListenAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export class ListenAddressError extends Error {
  override name = 'ListenAddressError';
}

export function parseListenAddress(text: string): ListenAddress {
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length);
    if (!path.startsWith('/')) throw new ListenAddressError(`--listen ${text}: a unix socket needs an absolute path (unix:///path/to.sock)`);
    return { kind: 'unix', path };
  }
  const rest = text.startsWith('tcp://') ? text.slice('tcp://'.length).replace(/\/$/, '') : text;
  const m = /^(\[[^\]]+\]|[^:[\]]*):(\d+)$/.exec(rest);
  if (!m) throw new ListenAddressError(`--listen ${text}: expected HOST:PORT, tcp://HOST:PORT or unix:///path`);
  const host = (m[1] || '127.0.0.1').replace(/^\[|\]$/g, '');
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ListenAddressError(`--listen ${text}: port ${m[2]} is out of range`);
  return { kind: 'tcp', host, port };
}

/**
 * True when only this machine can connect: 127.0.0.0/8, ::1 and `localhost`. Anything else
 * (including 0.0.0.0 and ::) exposes the Docker API, which is root on the host.
 */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./i.test(host);
  return false;
}

/** The URL a Docker client uses to reach the proxy (DOCKER_HOST form). */
export function listenUrl(address: ListenAddress): string {
  if (address.kind === 'unix') return `unix://${address.path}`;
  const host = isIP(address.host) === 6 ? `[${address.host}]` : address.host;
  return `tcp://${host}:${address.port}`;
}
