/**
 * What the small-request benchmark compares, in report order. Pure: the table and the choice of
 * contenders from `--only`; starting them is small-start.ts.
 *
 * Every contender but `direct` listens on loopback TCP (127.0.0.1, what DOCKER_HOST=tcp://...
 * clients use) and reaches the daemon on its unix socket; `direct` is the unix socket itself.
 * `socat` is the plain TCP hop with no HTTP handling: the direct-over-a-TCP-relay baseline.
 */
export const CONTENDER_IDS = [
  'direct',
  'socat',
  'haproxy',
  'haproxy-close',
  'node-relay',
  'http-proxy',
  'docktape',
  'docktape-record',
  'docktape-audit',
] as const;
export type ContenderId = (typeof CONTENDER_IDS)[number];

export const CONTENDER_LABELS: Record<ContenderId, string> = {
  direct: 'direct (the daemon\'s unix socket)',
  socat: '`socat TCP-LISTEN:…,fork,nodelay,backlog=511 UNIX-CONNECT:…`',
  haproxy: 'HAProxy, mode http, keep-alive both sides',
  'haproxy-close': 'HAProxy, mode http, `option http-server-close` (docker-socket-proxy\'s)',
  'node-relay': 'minimal Node relay (`http.createServer` + `http.request`, keep-alive agent)',
  'http-proxy': 'http-proxy-3, keep-alive agent only',
  docktape: '`docktape proxy`',
  'docktape-record': '`docktape proxy --record DIR`',
  'docktape-audit': '`docktape proxy --record DIR --audit FILE --validate`',
};

/**
 * The contenders `--only` names, in table order; `direct` always (every figure is added over
 * it). Throws on a name it does not know, listing the known ones.
 */
export function selectContenders(only: string | undefined): ContenderId[] {
  if (only === undefined || only.trim() === '') return [...CONTENDER_IDS];
  const wanted = new Set(only.split(',').map((s) => s.trim()).filter(Boolean));
  const unknown = [...wanted].filter((id) => !(CONTENDER_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`--only: unknown contender ${unknown.join(', ')} (known: ${CONTENDER_IDS.join(', ')})`);
  return CONTENDER_IDS.filter((id) => id === 'direct' || wanted.has(id));
}

/** The docktape proxies: spawned from the CLI, the ones `--cpu-prof` profiles. */
export const isDocktape = (id: ContenderId): boolean => id.startsWith('docktape');
