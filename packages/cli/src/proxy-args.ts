/**
 * Command line of `docktape proxy`. Pure: argv in, options or a usage error out.
 * Two TLS flag sets: the listening side takes dockerd's names (--tls, --tlsverify, --tlscacert,
 * --tlscert, --tlskey; @docktape/listen listen-security.ts, shared with `docktape replay`)
 * because the proxy stands where dockerd stands; the target side takes the docker CLI's names
 * prefixed with `target-`, since toward the daemon the proxy is a client.
 */
import { parseArgs } from 'node:util';
import type { HostOptions } from '@docktape/client';
import { PROXY_EXPOSURE } from '@docktape/proxy';
import {
  LISTEN_SECURITY_HELP,
  LISTEN_SECURITY_OPTIONS,
  listenPolicyProblem,
  parseListenAddress,
  parseListenSecurity,
  type ListenAddress,
  type ListenSecurity,
} from '@docktape/listen';
import { UsageError } from './usage-error.js';

export const DEFAULT_LISTEN = '127.0.0.1:2375';

export const HELP = `Usage: docktape proxy [options]

A transparent reverse proxy for the Docker Engine API that records every exchange as fixtures.
Point any Docker client at it (DOCKER_HOST=<the printed url>). When it is ready it prints
exactly one line: "docktape proxy listening on <url>". SIGINT or SIGTERM finishes the
recording and exits 0 (1 when the recording is not whole, see --record).

Options:
  --target URL            Daemon to forward to: unix:///path/docker.sock or tcp://host:port.
                          Default: $DOCKER_HOST, else unix:///var/run/docker.sock.
  --listen ADDR           Where to listen: HOST:PORT, tcp://HOST:PORT or unix:///path (socket
                          created mode 0600). Port 0 picks a free port. Default: ${DEFAULT_LISTEN}.
                          A non-loopback address needs --tlsverify or --insecure-remote,
                          because whoever reaches the Docker API is root on the host.
  --record DIR            Record fixtures into DIR (HAR 1.2 + sidecar bodies in DIR/blobs);
                          without it the proxy only forwards. If DIR fails while recording
                          (disk full, read-only, removed), one warning says so, traffic goes
                          on unrecorded, and the recording keeps what was finished before,
                          marked incomplete (_docktape.incomplete).
  --buffered-io           Write recorded bodies through the page cache. By default bodies above
                          64 KiB go to disk with O_DIRECT where the folder allows it, so GiBs of
                          recorded tar neither evict the host's cache nor cost page-cache CPU.
  --audit FILE|-          Audit log: one JSON line per exchange as it finishes (client,
                          operationId, status, bytes each way, durations, termination cause,
                          the recording entry), and one when a hijacked or websocket session
                          opens; '-' writes to stdout after the ready line. Schema:
                          @docktape/audit-log src/audit-event.v1.schema.json. With or
                          without --record; without it no body is stored anywhere. Never
                          holds traffic up: a log slower than traffic drops lines and says how
                          many. SIGHUP reopens FILE (logrotate). Unwritable FILE: exit 1.
  --validate              Check each JSON response of a known operation against the v1.40
                          response schemas (spec + errata), after the client has it; the
                          result goes to the audit line ("conformance") and the recording
                          entry (_conformance). Bodies over 8 MiB are not checked (too-large).
                          Needs --audit or --record.
  --policy POLICY         Refuse requests before the daemon sees them: a policy file (YAML or
                          JSON) or preset:read-only, preset:no-privileged, preset:containers-only
                          (docktape policy --help). Refused requests get 403 with the rule named.
                          A rule's audit level (none, metadata, request, requestResponse) sets
                          what its exchanges' audit lines carry: none drops the line (not a
                          refusal's: those are always logged); request adds the request body,
                          requestResponse both (redacted, at most 64 KiB each; never tar,
                          binary or streamed bodies: the line says why).
  --redact-env PATTERN    Also redact Env values whose variable NAME contains PATTERN (any
                          letter case; repeatable). Always redacted: names containing PASSWORD,
                          SECRET, TOKEN, KEY or CREDENTIAL. Applies to create and exec bodies
                          and inspect answers, in the recording and the audit log (the daemon
                          gets the bytes as sent). A policy's redact.env adds to these.
  --redact-query NAME     Redact the value of query parameter NAME (its decoded name, any
                          letter case; repeatable) in the recording (url and queryString) and
                          the audit log; listed in the entry's _redacted, ignored by replay's
                          matching. A policy's redact.query adds to these.
  -v, --verbose           On stderr, one line per exchange as it finishes (status, method, path,
                          operationId, duration, bytes up and down; colored on a terminal).
                          With -v, --audit or --validate: one summary line on exit (exchanges,
                          bytes, violations, audit lines dropped, where the files are).
  --version               Print the version and exit.
  -h, --help              Print this help and exit.

${LISTEN_SECURITY_HELP}
Target side (the docker CLI's TLS flags; $DOCKER_TLS_VERIFY and $DOCKER_CERT_PATH apply here):
  --target-tls            Use TLS to reach a tcp:// target (no server verification).
  --target-tlsverify      Use TLS and verify the daemon's certificate (also $DOCKER_TLS_VERIFY).
  --target-tlscacert FILE CA certificate (default $DOCKER_CERT_PATH/ca.pem).
  --target-tlscert FILE   Client certificate (default $DOCKER_CERT_PATH/cert.pem).
  --target-tlskey FILE    Client key (default $DOCKER_CERT_PATH/key.pem).
`;


export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'proxy';
      host: HostOptions;
      listen: ListenAddress;
      security: ListenSecurity;
      record: string | undefined;
      bufferedIo: boolean;
      verbose?: true;
      /** Audit log file, or '-' for stdout. */
      audit?: string;
      validate?: true;
      /** A policy file, or preset:NAME. */
      policy?: string;
      /** Added Env name patterns and query parameter names to redact (redaction-settings.ts in @docktape/policy). */
      redact?: { env: string[]; query: string[] };
    };


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
        audit: { type: 'string' },
        validate: { type: 'boolean' },
        policy: { type: 'string' },
        'redact-env': { type: 'string', multiple: true },
        'redact-query': { type: 'string', multiple: true },
        'buffered-io': { type: 'boolean' },
        ...LISTEN_SECURITY_OPTIONS,
        'target-tls': { type: 'boolean' },
        'target-tlsverify': { type: 'boolean' },
        'target-tlscacert': { type: 'string' },
        'target-tlscert': { type: 'string' },
        'target-tlskey': { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        verbose: { type: 'boolean', short: 'v' },
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
  const host: HostOptions = {};
  if (v.target !== undefined) host.host = v.target;
  // any target TLS flag asks for TLS, as the docker CLI's --tlscert alone does; $DOCKER_TLS_VERIFY
  // and $DOCKER_CERT_PATH are applied later, by resolveDockerHost, as the docker CLI applies them
  const targetCa = v['target-tlscacert'];
  const targetCert = v['target-tlscert'];
  const targetKey = v['target-tlskey'];
  if (v['target-tls'] || v['target-tlsverify'] || targetCa !== undefined || targetCert !== undefined || targetKey !== undefined) {
    host.tls = { verify: Boolean(v['target-tlsverify']) };
    if (targetCa) host.tls.ca = targetCa;
    if (targetCert) host.tls.cert = targetCert;
    if (targetKey) host.tls.key = targetKey;
  }
  let listen: ListenAddress;
  let security: ListenSecurity;
  try {
    listen = parseListenAddress(v.listen ?? DEFAULT_LISTEN);
    security = parseListenSecurity(v);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const problem = listenPolicyProblem(listen, { tls: security.tls !== undefined, verifyClients: security.tls?.verifyClients ?? false, insecureRemote: security.insecureRemote }, PROXY_EXPOSURE);
  if (problem) throw new UsageError(problem);
  if (v.audit === '') throw new UsageError('--audit needs a file, or - for stdout');
  const redact = { env: v['redact-env'] ?? [], query: v['redact-query'] ?? [] };
  // an empty pattern is a substring of every name: it would redact every Env value, surely a slip
  if (redact.env.some((p) => p.trim() === '')) throw new UsageError('--redact-env needs a pattern (part of a variable name)');
  if (redact.query.some((n) => n.trim() === '')) throw new UsageError('--redact-query needs a parameter name');
  // checking with nowhere to put the result would only cost time
  if (v.validate && v.audit === undefined && v.record === undefined) throw new UsageError('--validate needs --audit or --record (where its results go)');
  return {
    kind: 'proxy',
    host,
    listen,
    security,
    record: v.record,
    bufferedIo: Boolean(v['buffered-io']),
    ...(v.verbose ? { verbose: true as const } : {}),
    ...(v.audit !== undefined ? { audit: v.audit } : {}),
    ...(v.validate ? { validate: true as const } : {}),
    ...(v.policy !== undefined ? { policy: v.policy } : {}),
    ...(redact.env.length > 0 || redact.query.length > 0 ? { redact } : {}),
  };
}
