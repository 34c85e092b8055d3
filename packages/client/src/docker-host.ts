/**
 * Where the daemon is, resolved the way the docker CLI does it:
 * explicit option > DOCKER_HOST > unix:///var/run/docker.sock, with TLS from
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) or from options.
 * Pure: the environment is passed in and certificate files are only named, not read.
 */
import { DockerConfigError } from './errors.js';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  /** false skips server certificate verification (docker's --tls without --tlsverify). */
  verify: boolean;
}

export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'tcp'; hostname: string; port: number; tls: TlsFiles | undefined; url: string };

export interface HostOptions {
  host?: string;
  tls?: Partial<TlsFiles> & { certPath?: string };
}

/** DOCKER_HOST (or the `host` option) names no endpoint this client can reach. */
export class DockerHostError extends DockerConfigError {
  override name = 'DockerHostError';
}

export function resolveDockerHost(options: HostOptions = {}, env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  const raw = options.host ?? (env.DOCKER_HOST || DEFAULT_DOCKER_HOST);
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (!socketPath) throw new DockerHostError(`DOCKER_HOST "${raw}" names no socket path`);
    return { kind: 'unix', socketPath, url: raw };
  }
  if (raw.startsWith('/')) return { kind: 'unix', socketPath: raw, url: `unix://${raw}` };
  const m = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(raw);
  if (!m) {
    throw new DockerHostError(`unsupported Docker host "${raw}": use unix:///path/to/docker.sock or tcp://host:port`);
  }
  const [, scheme, hostname, portText] = m as unknown as [string, string, string, string | undefined];
  const tls = resolveTls(scheme, options.tls, env);
  const port = portText ? Number(portText) : tls ? 2376 : 2375;
  return { kind: 'tcp', hostname: hostname.replace(/^\[|\]$/g, ''), port, tls, url: `${tls ? 'https' : 'tcp'}://${hostname}:${port}` };
}

function resolveTls(scheme: string, opt: HostOptions['tls'], env: NodeJS.ProcessEnv): TlsFiles | undefined {
  const verifyEnv = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const wanted = opt !== undefined || verifyEnv || scheme === 'https';
  if (!wanted) return undefined;
  const dir = opt?.certPath ?? env.DOCKER_CERT_PATH;
  const file = (name: string) => (dir ? `${dir.replace(/\/$/, '')}/${name}` : undefined);
  return {
    ca: opt?.ca ?? file('ca.pem'),
    cert: opt?.cert ?? file('cert.pem'),
    key: opt?.key ?? file('key.pem'),
    verify: opt?.verify ?? (verifyEnv || opt !== undefined),
  };
}
