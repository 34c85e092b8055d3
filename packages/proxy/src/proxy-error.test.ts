import { expect, it } from 'vitest';
import { ProxyError } from './proxy-error.js';
import { startProxy } from './proxy-server.js';
import { resolveTarget } from './target.js';

it('ProxyError carries the fixed prefix, the bare detail and the cause', () => {
  const cause = new Error('ENOENT');
  const err = new ProxyError('cannot read TLS CA certificate /x', { cause });
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe('ProxyError');
  expect(err.message).toBe('[docktape proxy] cannot read TLS CA certificate /x');
  expect(err.detail).toBe('cannot read TLS CA certificate /x');
  expect(err.cause).toBe(cause);
});

it('resolveTarget: an unreadable target TLS file is a ProxyError naming the file, with the cause', () => {
  const missing = '/nonexistent/docktape-ca.pem';
  let thrown: unknown;
  try {
    resolveTarget({ host: 'tcp://127.0.0.1:2376', tls: { verify: true, ca: missing } }, {});
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ProxyError);
  expect((thrown as ProxyError).message).toMatch(/^\[docktape proxy\] cannot read the TLS ca file \/nonexistent\/docktape-ca\.pem: ENOENT \(check --target-tlscacert/);
  expect((thrown as ProxyError).cause).toMatchObject({ cause: { code: 'ENOENT' } });
});

it('startProxy: a non-loopback listen address without verified clients is a ProxyError saying why', async () => {
  const start = startProxy({
    target: resolveTarget({ host: 'tcp://127.0.0.1:1' }, {}),
    listen: { kind: 'tcp', host: '0.0.0.0', port: 0 },
  });
  await expect(start).rejects.toBeInstanceOf(ProxyError);
  await expect(start).rejects.toThrow(/^\[docktape proxy\] .*root on this host/);
});
