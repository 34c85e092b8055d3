import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runReplayCli } from './replay-command.js';

describe('runReplayCli', () => {
  it('an unreadable certificate file is a usage error (exit 2) naming the flag and the file', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    err.on('data', (d: Buffer) => (text += d.toString()));
    const code = await runReplayCli(['--fixtures', 'fx', '--tlsverify', '--tlscacert', '/nonexistent/ca.pem', '--tlscert', '/nonexistent/c.pem', '--tlskey', '/nonexistent/k.pem'], out, err);
    expect(code).toBe(2);
    expect(text).toMatch(/^docktape replay: --tlscert \/nonexistent\/c\.pem: cannot read it: ENOENT/);
  });
});
