import { expect, it } from 'vitest';
import { ProxyError } from './proxy-error.js';

it('ProxyError carries the fixed prefix, the bare detail and the cause', () => {
  const cause = new Error('ENOENT');
  const err = new ProxyError('cannot read TLS CA certificate /x', { cause });
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe('ProxyError');
  expect(err.message).toBe('[docktape proxy] cannot read TLS CA certificate /x');
  expect(err.detail).toBe('cannot read TLS CA certificate /x');
  expect(err.cause).toBe(cause);
});
