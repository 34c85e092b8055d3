import { describe, expect, it } from 'vitest';
import { HELP, parseCli } from './cli-args.js';

describe('parseCli', () => {
  it.each([
    [[], { kind: 'help' }],
    [['proxy', '--help'], { kind: 'help' }],
    [['--version'], { kind: 'help' }],
    [['proxy', '--version'], { kind: 'version' }],
    [
      ['proxy', '--target', 'unix:///d.sock', '--listen', '127.0.0.1:0', '--record', 'fx'],
      { kind: 'proxy', host: { host: 'unix:///d.sock' }, listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, record: 'fx', bufferedIo: false, allowRemote: false },
    ],
    [['proxy'], { kind: 'proxy', host: {}, listen: { kind: 'tcp', host: '127.0.0.1', port: 2375 }, record: undefined, bufferedIo: false, allowRemote: false }],
    [
      ['proxy', '--target', 'tcp://d:2376', '--tlsverify', '--tlscacert', 'ca', '--tlscert', 'c', '--tlskey', 'k'],
      expect.objectContaining({ host: { host: 'tcp://d:2376', tls: { verify: true, ca: 'ca', cert: 'c', key: 'k' } } }),
    ],
    [['proxy', '--tls'], expect.objectContaining({ host: { tls: { verify: false } } })],
    [['proxy', '--listen', '0.0.0.0:1', '--allow-remote'], expect.objectContaining({ allowRemote: true })],
    [['proxy', '--record', 'fx', '--buffered-io'], expect.objectContaining({ record: 'fx', bufferedIo: true })],
  ])('%j', (argv, want) => expect(parseCli(argv)).toEqual(want));

  it.each([
    [['replay'], /unknown command/],
    [['proxy', 'extra'], /unexpected argument/],
    [['proxy', '--nope'], /Unknown option/],
    [['proxy', '--listen', 'nowhere'], /expected HOST:PORT/],
  ])('rejects %j', (argv, want) => expect(() => parseCli(argv)).toThrow(want));

  it('documents every flag it accepts', () => {
    for (const flag of ['--target', '--listen', '--record', '--buffered-io', '--allow-remote', '--tls ', '--tlsverify', '--tlscacert', '--tlscert', '--tlskey', '--version', '--help']) {
      expect(HELP).toContain(flag);
    }
  });
});
