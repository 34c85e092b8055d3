/**
 * `--listen` of `docktape replay`, in the proxy's syntax: `HOST:PORT`, `tcp://HOST:PORT`,
 * `:PORT` or `unix:///path`; port 0 picks a free port. Pure. (Kept here rather than imported
 * from @docktape/proxy, whose CLI imports this package: no cycle between the two.)
 */
import { isIP } from 'node:net';

export type ListenAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export function parseListen(text: string): ListenAddress {
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length);
    if (!path.startsWith('/')) throw new TypeError(`--listen ${text}: a unix socket needs an absolute path (unix:///path/to.sock)`);
    return { kind: 'unix', path };
  }
  const rest = text.startsWith('tcp://') ? text.slice('tcp://'.length).replace(/\/$/, '') : text;
  const m = /^(\[[^\]]+\]|[^:[\]]*):(\d+)$/.exec(rest);
  const port = Number(m?.[2]);
  if (!m || !Number.isInteger(port) || port > 65535) throw new TypeError(`--listen ${text}: expected HOST:PORT, tcp://HOST:PORT or unix:///path`);
  return { kind: 'tcp', host: (m[1] || '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

/** Only this machine can connect (the replay daemon answers as if it were the Docker API). */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export function listenUrl(address: ListenAddress): string {
  if (address.kind === 'unix') return `unix://${address.path}`;
  return `tcp://${isIP(address.host) === 6 ? `[${address.host}]` : address.host}:${address.port}`;
}
