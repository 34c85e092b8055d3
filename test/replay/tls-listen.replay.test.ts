/**
 * `docktape replay` listening with TLS (dockerd's --tlsverify/--tlscacert/--tlscert/--tlskey),
 * with no daemon: the recorded docker CLI session's first half replays to the docker CLI with
 * DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=... and prints what it printed against the real daemon,
 * and a client without a certificate is refused during the TLS handshake.
 *
 * The first half, not the whole session: it holds every kind of exchange the session has (JSON
 * answers, two-phase wait, `logs -f`, the endless stats stream the client cuts, hijacked exec
 * with stdin and its half-close, a TTY run, the export tar, cp both ways), which is what TLS
 * could change; the second half repeats those kinds with other commands, and the whole session
 * replays in docker-cli.replay.test.ts (and through a `docktape replay` process in
 * `npm run fixtures:check`). Running all of it here too cost the hermetic suite ~0.6 s of CPU
 * on these 2 cores (tools/bench/RESULTS-replay.md).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestCerts, type TestCerts } from '../support/test-certs.js';
import { expectRefusedWithoutCertificate } from '../support/tls-probe.js';
import { compareCliSession } from '../../tools/fixtures/cli-session/replay-cli-session.js';
import { startDocktape, type ProxyProcess } from '../../tools/support/docktape-process.js';
import { FIXTURES } from './support/fixtures-dir.js';
import { replayInProcess } from './support/replay-in-process.js';

const fixture = path.join(FIXTURES, 'docker-cli');

describe('docktape replay --tlsverify', () => {
  // made here, not by a global setup: no other file of the replay project needs certificates,
  // and a global setup runs before any file can start
  let certs: TestCerts;

  // One `docktape replay` process, with TLS on 0.0.0.0, serves every check here: the docker CLI
  // session through the bin as a user runs it (default options), a non-loopback address
  // accepted with --tlsverify, and a client reaching it on loopback without a certificate
  // refused (starting a `docktape` process costs more than any of these checks). It must exit
  // 0 on SIGTERM at the end.
  let remote: ProxyProcess;
  beforeAll(async () => {
    certs = makeTestCerts();
    const tlsFlags = ['--tlsverify', '--tlscacert', certs.serverFiles.ca, '--tlscert', certs.serverFiles.cert, '--tlskey', certs.serverFiles.key];
    remote = await startDocktape(['replay', '--fixtures', fixture, '--listen', '0.0.0.0:0', ...tlsFlags], 'replay');
  });
  afterAll(async () => {
    try {
      await remote?.stop();
    } finally {
      certs?.remove();
    }
  });

  it('the docker CLI session (its first half) replays over TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, printing what it printed against the daemon', async () => {
    // on loopback: the test server certificate names 127.0.0.1, not 0.0.0.0
    const url = remote.url.replace('0.0.0.0', '127.0.0.1');
    const diffs = await compareCliSession(fixture, { url, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir } }, { through: 'cp host -> container' });
    expect(diffs.join('\n')).toBe('');
  }, 180_000);

  it('refuses a client without a certificate during the handshake, with no HTTP answer', async () => {
    const daemon = remote;
    const port = Number(new URL(daemon.url.replace(/^tcp:/, 'http:')).port);
    await expectRefusedWithoutCertificate(port, certs.server.ca);
    await vi.waitFor(() => expect(daemon.stderr()).toContain('docktape replay: TLS handshake with 127.0.0.1 failed: peer did not return a certificate'));
  });

  it('refuses a non-loopback address without --tlsverify, and says --allow-remote was removed', async () => {
    // in process, through runReplayCli (what the bin calls, and exits with): a usage error is
    // refused before anything listens; the bin's exit codes are shown by corrupt-fixtures
    const refused = await replayInProcess(['--fixtures', fixture, '--listen', '0.0.0.0:0']);
    expect(refused.listening).toBe(false);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^docktape replay: refusing to listen on 0\.0\.0\.0 without client certificates: .*--tlsverify.*--insecure-remote/);
    const removed = await replayInProcess(['--fixtures', fixture, '--listen', '0.0.0.0:0', '--allow-remote']);
    expect(removed.code).toBe(2);
    expect(removed.stderr).toMatch(/^docktape replay: --allow-remote was removed/);
    expect(remote.url).toMatch(/^tcp:\/\/0\.0\.0\.0:\d+$/);
  });
});
