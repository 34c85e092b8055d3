/**
 * Command line of `docktape proxy`. Pure: argv in, options or a usage error out.
 * TLS flags are the docker CLI's (--tls, --tlsverify, --tlscacert, --tlscert, --tlskey).
 */
import { parseArgs } from 'node:util';
import type { HostOptions } from '@docktape/client';
import { parseListenAddress, type ListenAddress } from '@docktape/fixtures';

export const DEFAULT_LISTEN = '127.0.0.1:2375';

export const HELP = `Usage: docktape proxy [options]

A transparent reverse proxy for the Docker Engine API that records every exchange as fixtures.
Point any Docker client at it (DOCKER_HOST=<the printed url>). When it is ready it prints
exactly one line: "docktape proxy listening on <url>". SIGINT or SIGTERM finishes the
recording and exits 0 (1 when the recording is not whole, see --record).

Options:
  --target URL       Daemon to forward to: unix:///path/docker.sock or tcp://host:port.
                     Default: $DOCKER_HOST, else unix:///var/run/docker.sock.
  --listen ADDR      Where to listen: HOST:PORT, tcp://HOST:PORT or unix:///path (socket
                     created mode 0600). Port 0 picks a free port. Default: ${DEFAULT_LISTEN}.
  --record DIR       Record fixtures into DIR (HAR 1.2 + sidecar bodies in DIR/blobs);
                     without it the proxy only forwards. If DIR fails while recording
                     (disk full, read-only, removed), one warning says so, traffic goes
                     on unrecorded, and the recording keeps what was finished before,
                     marked incomplete (_docktape.incomplete).
  --buffered-io      Write recorded bodies through the page cache. By default bodies above
                     64 KiB go to disk with O_DIRECT where the folder allows it, so GiBs of
                     recorded tar neither evict the host's cache nor cost page-cache CPU.
  --allow-remote     Allow listening on a non-loopback address. Off by default because
                     whoever reaches the Docker API is root on the host.
  --tls              Use TLS to reach a tcp:// target (no server verification).
  --tlsverify        Use TLS and verify the daemon's certificate (also $DOCKER_TLS_VERIFY).
  --tlscacert FILE   CA certificate (default $DOCKER_CERT_PATH/ca.pem).
  --tlscert FILE     Client certificate (default $DOCKER_CERT_PATH/cert.pem).
  --tlskey FILE      Client key (default $DOCKER_CERT_PATH/key.pem).
  --version          Print the version and exit.
  -h, --help         Print this help and exit.
`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'proxy'; host: HostOptions; listen: ListenAddress; record: string | undefined; bufferedIo: boolean; allowRemote: boolean };

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        listen: { type: 'string' },
        record: { type: 'string' },
        'buffered-io': { type: 'boolean' },
        'allow-remote': { type: 'boolean' },
        tls: { type: 'boolean' },
        tlsverify: { type: 'boolean' },
        tlscacert: { type: 'string' },
        tlscert: { type: 'string' },
        tlskey: { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) return { kind: 'help' };
  if (v.version) return { kind: 'version' };
  const [command, ...extra] = positionals;
  if (command !== 'proxy') throw new UsageError(`unknown command "${command}" (try: docktape proxy --help)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const wantsTls = v.tls || v.tlsverify || v.tlscacert !== undefined || v.tlscert !== undefined || v.tlskey !== undefined;
  const host: HostOptions = {};
  if (v.target !== undefined) host.host = v.target;
  if (wantsTls) {
    host.tls = { verify: Boolean(v.tlsverify) };
    if (v.tlscacert) host.tls.ca = v.tlscacert;
    if (v.tlscert) host.tls.cert = v.tlscert;
    if (v.tlskey) host.tls.key = v.tlskey;
  }
  let listen: ListenAddress;
  try {
    listen = parseListenAddress(v.listen ?? DEFAULT_LISTEN);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { kind: 'proxy', host, listen, record: v.record, bufferedIo: Boolean(v['buffered-io']), allowRemote: Boolean(v['allow-remote']) };
}
