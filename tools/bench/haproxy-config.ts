/**
 * The HAProxy configuration the small-request benchmark runs (written to a temporary folder).
 * Pure: text from options.
 *
 * `mode http` with keep-alive on both sides (HAProxy's default `option http-keep-alive`): the
 * engine of docker-socket-proxy, parsing every request and answer as the Node relays do.
 * docker-socket-proxy's own haproxy.cfg adds `option http-server-close` (keep-alive towards the
 * client, a new connection to the daemon per request) and a list of `http-request allow` rules;
 * `serverClose` gives that connection handling, without the rules, so both can be seen side by
 * side. No logging: none of the other contenders logs either.
 * @see https://docs.haproxy.org/2.6/configuration.html#4-option%20http-server-close
 */
export interface HaproxyConfigOptions {
  /** Loopback port to listen on. */
  port: number;
  /** The daemon's unix socket. */
  socketPath: string;
  /** docker-socket-proxy's connection handling: close the daemon side after each answer. */
  serverClose?: boolean;
}

export function haproxyConfig({ port, socketPath, serverClose = false }: HaproxyConfigOptions): string {
  return [
    'global',
    '    maxconn 4000',
    '',
    'defaults',
    '    mode http',
    serverClose ? '    option http-server-close' : '    option http-keep-alive',
    '    timeout connect 10s',
    '    timeout client 10m',
    '    timeout server 10m',
    '    timeout http-keep-alive 10s',
    '',
    'frontend bench',
    `    bind 127.0.0.1:${port}`,
    '    default_backend daemon',
    '',
    'backend daemon',
    // a server address starting with unix@ is a unix socket path
    `    server docker unix@${socketPath}`,
    '',
  ].join('\n');
}
