/**
 * The request as the daemon will route it, or why the policy will not guess. Rules match the
 * canonical form: one operationId, one path without version, decoded. A request target that the
 * daemon's router could read differently from the policy is refused here, whatever the rules
 * say, because a policy that matched one reading while the daemon acted on another would be open.
 *
 * The daemon (gorilla/mux over Go's net/url) routes on the percent-DECODED path, and takes any
 * first segment `v[0-9.]+` as a version: `/v1.40.0/containers/create` and `/%63ontainers/create`
 * both reach ContainerCreate. Versions below 1.24 let `POST /containers/{id}/start` carry a
 * HostConfig (Privileged included) that no create body showed. Pure.
 */
import { findOperation, type OperationMatch } from '@docktape/api';

export interface ApiVersionRange {
  min: string;
  max: string;
}

/**
 * 1.24: the first version whose start refuses a HostConfig body; 1.41: what Docker 20.10
 * serves (clients such as the docker CLI negotiate up to it).
 */
export const DEFAULT_API_VERSIONS: ApiVersionRange = { min: '1.24', max: '1.41' };

export type CanonicalRequest =
  | {
      ok: true;
      method: string;
      /** Decoded, without version prefix or query: `/containers/abc/json`. */
      path: string;
      version: string | undefined;
      operation: OperationMatch | undefined;
    }
  | { ok: false; reason: string };

const VERSION_SEGMENT = /^\/v[0-9.]+(?=\/|$)/;
const STRICT_VERSION = /^\/v(\d+)\.(\d+)(?=\/|$)/;

export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

const refuse = (reason: string): CanonicalRequest => ({ ok: false, reason });

export function canonicalRequest(method: string, target: string, versions: ApiVersionRange = DEFAULT_API_VERSIONS): CanonicalRequest {
  if (!target.startsWith('/')) return refuse(`request target ${JSON.stringify(target.slice(0, 40))} is not a path`);
  const q = target.indexOf('?');
  const raw = q < 0 ? target : target.slice(0, q);
  if (/%00|\0/.test(raw)) return refuse('the path holds a NUL byte');
  if (raw.includes(';')) return refuse("the path holds ';'");
  if (raw.includes('\\')) return refuse("the path holds '\\'");
  if (/%2f/i.test(raw)) return refuse('the path holds an encoded slash (%2F)');
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return refuse('the path holds a malformed percent-encoding');
  }
  if (/%[0-9a-f]{2}/i.test(path)) return refuse('the path is percent-encoded twice');
  if (path.includes('//')) return refuse("the path holds an empty segment ('//')");
  if (/\/\.{1,2}(?=\/|$)/.test(path)) return refuse("the path holds a '.' or '..' segment");
  if (path.length > 1 && path.endsWith('/')) return refuse('the path ends with a slash');

  let version: string | undefined;
  if (VERSION_SEGMENT.test(path)) {
    const m = STRICT_VERSION.exec(path);
    if (!m) return refuse(`the version prefix ${JSON.stringify(VERSION_SEGMENT.exec(path)![0].slice(1))} is not vMAJOR.MINOR`);
    version = `${Number(m[1])}.${Number(m[2])}`;
    if (compareVersions(version, versions.min) < 0) return refuse(`API version ${version} is older than the policy accepts (${versions.min})`);
    if (compareVersions(version, versions.max) > 0) return refuse(`API version ${version} is newer than the policy accepts (${versions.max})`);
    path = path.slice(m[0].length) || '/';
  }
  const upper = method.toUpperCase();
  if (upper !== method) return refuse(`method ${JSON.stringify(method)} is not upper case`);
  const operation = findOperation(method, path);
  if (!operation && findOperation(method, path.toLowerCase())) return refuse('the path is in another letter case than the API');
  return { ok: true, method, path, version, operation };
}
