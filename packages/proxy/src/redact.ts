/**
 * Redaction that is always on: registry credentials never reach a recording. Applied while the
 * HAR entry is built (har-entry.ts), so it runs before any EntryStage and before a byte is
 * written; the body of `POST /auth` is not even given a BodySink (http-forward.ts), so no
 * sidecar blob of it can exist.
 *
 * - Header values of `X-Registry-Auth`, `X-Registry-Config` (base64 JSON with registry
 *   credentials, #operation/ImageCreate, #operation/ImageBuild), `Authorization` and
 *   `Proxy-Authorization` become `<redacted>`.
 * - The request body of `POST /auth` (a password, #operation/SystemAuth) becomes `<redacted>`.
 */
import { unversionedPath } from './classify-request.js';

export const REDACTED = '<redacted>';

const SECRET_HEADERS = new Set(['x-registry-auth', 'x-registry-config', 'authorization', 'proxy-authorization']);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** rawHeaders (name, value, name, value...) with secret values replaced. */
export function redactRawHeaders(rawHeaders: string[]): string[] {
  const out = rawHeaders.slice();
  for (let i = 0; i + 1 < out.length; i += 2) if (isSecretHeader(out[i]!)) out[i + 1] = REDACTED;
  return out;
}

/** True when the request body holds credentials and must not be recorded. */
export function isSecretBodyRequest(method: string, url: string): boolean {
  return method.toUpperCase() === 'POST' && unversionedPath(url).replace(/\/+$/, '') === '/auth';
}
