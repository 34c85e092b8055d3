/**
 * The PEM files a TLS endpoint names (ca.pem, cert.pem, key.pem from DOCKER_CERT_PATH or the
 * `tls` option), read for undici's pool and for the hijack and websocket sockets alike.
 * A file that cannot be read is a `DockerConfigError` naming it, when the client is created,
 * rather than a bare ENOENT that does not say which of the three was missing.
 */
import { readFileSync } from 'node:fs';
import type { TlsFiles } from './docker-host.js';
import { DockerConfigError } from './errors.js';

export interface TlsMaterial {
  ca: Buffer | undefined;
  cert: Buffer | undefined;
  key: Buffer | undefined;
  rejectUnauthorized: boolean;
}

/** `hint` ends the message of an unreadable file: where the caller's user sets these paths. */
export function readTlsFiles(tls: TlsFiles, hint = 'check DOCKER_CERT_PATH or the tls option'): TlsMaterial {
  return { ca: readPem(tls.ca, 'ca', hint), cert: readPem(tls.cert, 'cert', hint), key: readPem(tls.key, 'key', hint), rejectUnauthorized: tls.verify };
}

function readPem(file: string | undefined, role: string, hint: string): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? String(cause);
    throw new DockerConfigError(`cannot read the TLS ${role} file ${file}: ${code} (${hint})`, { cause });
  }
}
