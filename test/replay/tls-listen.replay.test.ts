/**
 * `docktape replay` listening with TLS (dockerd's --tlsverify/--tlscacert/--tlscert/--tlskey),
 * with no daemon: the recorded docker CLI session (ps, run with and without stdin through
 * hijacked attach, exec -i, logs -f, cp both ways...) replays to the docker CLI with
 * DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=... and prints what it printed against the real daemon,
 * and a client without a certificate is refused during the TLS handshake.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DOCKTAPE_BIN as PROXY_BIN, run } from '../../tools/support/proxy-process.js';
import { makeTestCerts, type TestCerts } from '../support/test-certs.js';
import { expectRefusedWithoutCertificate } from '../support/tls-probe.js';
import { replayCliSession } from '../../tools/fixtures/cli-session/replay-cli-session.js';
import { startDocktape } from '../../tools/support/docktape-process.js';
import { FIXTURES } from './support/replay-harness.js';

const fixture = path.join(FIXTURES, 'docker-cli');

describe('docktape replay --tlsverify', () => {
  let certs: TestCerts;
  let tlsFlags: string[];
  beforeAll(() => {
    certs = makeTestCerts();
    tlsFlags = ['--tlsverify', '--tlscacert', certs.serverFiles.ca, '--tlscert', certs.serverFiles.cert, '--tlskey', certs.serverFiles.key];
  });
  afterAll(() => certs?.remove());

  it('the docker CLI session replays over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, printing what it printed against the daemon', async () => {
    const diffs = await replayCliSession(fixture, { daemonArgs: tlsFlags, clientEnv: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir } });
    expect(diffs.join('\n')).toBe('');
  }, 180_000);

  it('refuses a client without a certificate during the handshake, with no HTTP answer', async () => {
    const daemon = await startDocktape(['replay', '--fixtures', fixture, '--listen', '127.0.0.1:0', ...tlsFlags], 'replay');
    try {
      const port = Number(new URL(daemon.url.replace(/^tcp:/, 'http:')).port);
      await expectRefusedWithoutCertificate(port, certs.server.ca);
      await vi.waitFor(() => expect(daemon.stderr()).toContain('docktape replay: TLS handshake with 127.0.0.1 failed: peer did not return a certificate'));
    } finally {
      await daemon.stop();
    }
  });

  it('refuses a non-loopback address without --tlsverify, and says --allow-remote was removed', async () => {
    const refused = await run(process.execPath, [PROXY_BIN, 'replay', '--fixtures', fixture, '--listen', '0.0.0.0:0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^docktape replay: refusing to listen on 0\.0\.0\.0 without client certificates: .*--tlsverify.*--insecure-remote/);
    const removed = await run(process.execPath, [PROXY_BIN, 'replay', '--fixtures', fixture, '--listen', '0.0.0.0:0', '--allow-remote']);
    expect(removed.code).toBe(2);
    expect(removed.stderr).toMatch(/^docktape replay: --allow-remote was removed/);
    const remote = await startDocktape(['replay', '--fixtures', fixture, '--listen', '0.0.0.0:0', ...tlsFlags], 'replay');
    expect(remote.url).toMatch(/^tcp:\/\/0\.0\.0\.0:\d+$/);
    await remote.stop();
  });
});
