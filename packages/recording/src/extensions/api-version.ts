/**
 * `entry._apiVersion`: the Engine API version an exchange used. The path's `/vX.Y` prefix says
 * what the client asked for; a request without one gets the daemon's own version, which the
 * daemon states in its `Api-Version` response header. The proxy knows the prefix (it parses the
 * path with the one version-prefix rule of @docktape/api), so it hands it in.
 * @see https://docs.docker.com/engine/api/#versioned-api-and-sdk
 */
import type { HarEntry, HarNameValue } from '../har-types.js';
import { shown, type Fail } from './field-check.js';

/** The field's value, or undefined (field left out) when neither the path nor the daemon says. */
export function encodeApiVersion(pathVersion: string | undefined, responseHeaders: readonly HarNameValue[]): string | undefined {
  if (pathVersion) return pathVersion;
  return responseHeaders.find((h) => h.name.toLowerCase() === 'api-version')?.value || undefined;
}

export function decodeApiVersion(entry: Pick<HarEntry, '_apiVersion'>): string | undefined {
  return entry._apiVersion;
}

export function checkApiVersion(value: unknown, fail: Fail): void {
  if (value !== undefined && typeof value !== 'string') fail(`_apiVersion ${shown(value)}: expected a version such as "1.40"`);
}
