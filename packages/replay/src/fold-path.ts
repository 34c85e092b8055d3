/**
 * The parts of a request URL that matching compares: the path with the API version prefix
 * folded away (`/v1.40/x`, `/v1.41/x` and `/x` are one endpoint) and the query as name/value
 * pairs. Pure.
 */
import { splitApiVersion } from '@docktape/api';

export interface FoldedUrl {
  path: string;
  query: [string, string][];
}

/** Accepts an absolute URL (`http://docker/v1.40/x?a=1`) or a path with query. */
export function foldUrl(url: string): FoldedUrl {
  const start = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url.indexOf('/', url.indexOf('//') + 2) : 0;
  const rest = start < 0 ? '/' : url.slice(start);
  const q = rest.indexOf('?');
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? [] : [...new URLSearchParams(rest.slice(q + 1))];
  return { path: foldPath(safeDecode(rawPath)), query };
}

export function foldPath(path: string): string {
  return splitApiVersion(path).path || '/';
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
