/**
 * The one rule for the API version prefix: `/v1.40/containers/json` is `/containers/json` at
 * version 1.40, and an unversioned `/containers/json` is the daemon's own default version. The
 * prefix is a whole path segment (`/v1.40x/...` is not one). Pure.
 * @see https://docs.docker.com/engine/api/#versioned-api-and-sdk
 */
const VERSION_PREFIX = /^\/v(\d+\.\d+)(?=\/|$)/;

export interface VersionedPath {
  /** `1.40`, or undefined when the path carries no version. */
  version?: string;
  /** The path without the prefix (and without a query if one was given): `/containers/json`. */
  path: string;
}

/** Splits a request path (a query, if any, is dropped) into its version and the rest. */
export function splitApiVersion(pathAndQuery: string): VersionedPath {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const m = VERSION_PREFIX.exec(path);
  if (!m) return { path };
  return { version: m[1], path: path.slice(m[0].length) || '/' };
}

/** `/v1.40` + path: what clients send. */
export function versionedPath(version: string, path: string): string {
  return `/v${version}${path}`;
}
