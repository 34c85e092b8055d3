/**
 * A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, laid out
 * as DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem), made with the openssl CLI.
 * P-256 keys, not RSA: three RSA-2048 keys took ~1 s of CPU per set on these machines, P-256
 * a few ms, and the docker CLI, Go's TLS and Node accept both alike.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCerts {
  /** DOCKER_CERT_PATH for the client: ca.pem, cert.pem, key.pem. */
  clientDir: string;
  server: { ca: string; cert: string; key: string };
  /** The same server material as files (what --tlscacert, --tlscert and --tlskey name). */
  serverFiles: { ca: string; cert: string; key: string };
  /** Removes both folders. */
  remove(): void;
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(path.join(tmpdir(), 'docktape-certs-'));
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  // One `openssl req -x509` per certificate (the leaves signed by the CA in the same call, -CA):
  // three processes, not five; the extensions of each come from this file.
  writeFileSync(
    f('certs.cnf'),
    [
      '[req]\ndistinguished_name = dn\n[dn]',
      '[ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign',
      '[server]\nbasicConstraints = critical,CA:FALSE\nsubjectAltName = IP:127.0.0.1,DNS:localhost\nextendedKeyUsage = serverAuth',
      '[client]\nbasicConstraints = critical,CA:FALSE\nextendedKeyUsage = clientAuth',
    ].join('\n') + '\n',
  );
  const newCert = (who: string, cn: string, ...signer: string[]) =>
    ssl('req', '-x509', '-config', 'certs.cnf', '-extensions', who, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-keyout', `${who}-key.pem`, '-out', `${who}.pem`, '-subj', `/CN=${cn}`, ...signer);
  newCert('ca', 'docktape test CA');
  newCert('server', '127.0.0.1', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem');
  newCert('client', 'docktape client', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem');
  const clientDir = mkdtempSync(path.join(tmpdir(), 'docktape-client-certs-'));
  for (const [from, to] of [['ca.pem', 'ca.pem'], ['client.pem', 'cert.pem'], ['client-key.pem', 'key.pem']] as const) {
    copyFileSync(f(from), path.join(clientDir, to));
  }
  const read = (name: string) => readFileSync(f(name), 'utf8');
  return {
    clientDir,
    server: { ca: read('ca.pem'), cert: read('server.pem'), key: read('server-key.pem') },
    serverFiles: { ca: f('ca.pem'), cert: f('server.pem'), key: f('server-key.pem') },
    remove: () => {
      for (const d of [dir, clientDir]) rmSync(d, { recursive: true, force: true });
    },
  };
}
