/**
 * A TLS client that connects, sends one HTTP request once it may, and reports what happened:
 * for checking that a server refuses a client at the TLS handshake, before any HTTP is read
 * or answered.
 */
import tls from 'node:tls';
import { expect } from 'vitest';

export interface TlsProbe {
  /** The client's side of the handshake finished (TLS 1.3 finishes it before the server has checked the client's certificate). */
  secureConnected: boolean;
  /** What the connection failed with, if it did. */
  error: NodeJS.ErrnoException | undefined;
  /** Every byte the server sent after the handshake (an HTTP answer would be here). */
  received: Buffer;
}

/** Connects to 127.0.0.1:`port` with `options`, sends GET /_ping, and resolves when the connection closes. */
export function probeTls(port: number, options: tls.ConnectionOptions): Promise<TlsProbe> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: NodeJS.ErrnoException | undefined;
    let secureConnected = false;
    const socket = tls.connect({ host: '127.0.0.1', port, ...options });
    socket.on('secureConnect', () => {
      secureConnected = true;
      socket.write('GET /_ping HTTP/1.1\r\nHost: docktape\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err) => (error ??= err));
    socket.on('close', () => resolve({ secureConnected, error, received: Buffer.concat(chunks) }));
  });
}

/**
 * Asserts that a server requiring client certificates refuses a client that has none during
 * the handshake, under TLS 1.3 and 1.2, and never answers it in HTTP.
 */
export async function expectRefusedWithoutCertificate(port: number, ca: string): Promise<void> {
  // TLS 1.3: the client's side of the handshake ends first; the server's alert then ends it
  const v13 = await probeTls(port, { ca, minVersion: 'TLSv1.3' });
  expect(v13.error?.code).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  expect(v13.received.toString()).toBe('');
  // TLS 1.2: the handshake itself fails (OpenSSL 3.0, in Node 20, names the alert SSLV3_...;
  // the OpenSSL of Node 22 and 24 names it SSL/TLS_...)
  const v12 = await probeTls(port, { ca, maxVersion: 'TLSv1.2' });
  expect(v12).toMatchObject({
    secureConnected: false,
    error: expect.objectContaining({ code: expect.stringMatching(/^ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE$/) }),
  });
  expect(v12.received.toString()).toBe('');
}
