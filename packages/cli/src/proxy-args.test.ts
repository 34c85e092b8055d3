import { describe, expect, it } from 'vitest';
import { HELP, parseCli } from './proxy-args.js';
import { UsageError } from './usage-error.js';

const noSecurity = { tls: undefined, insecureRemote: false };

describe('parseCli', () => {
  it.each([
    [[], { kind: 'help' }],
    [['proxy', '--help'], { kind: 'help' }],
    [['--version'], { kind: 'help' }],
    [['proxy', '--version'], { kind: 'version' }],
    [
      ['proxy', '--target', 'unix:///d.sock', '--listen', '127.0.0.1:0', '--record', 'fx'],
      { kind: 'proxy', host: { host: 'unix:///d.sock' }, listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, security: noSecurity, record: 'fx', bufferedIo: false },
    ],
    [['proxy'], { kind: 'proxy', host: {}, listen: { kind: 'tcp', host: '127.0.0.1', port: 2375 }, security: noSecurity, record: undefined, bufferedIo: false }],
    // target side: the docker CLI's TLS flags, prefixed
    [
      ['proxy', '--target', 'tcp://d:2376', '--target-tlsverify', '--target-tlscacert', 'ca', '--target-tlscert', 'c', '--target-tlskey', 'k'],
      expect.objectContaining({ host: { host: 'tcp://d:2376', tls: { verify: true, ca: 'ca', cert: 'c', key: 'k' } }, security: noSecurity }),
    ],
    [['proxy', '--target-tls'], expect.objectContaining({ host: { tls: { verify: false } }, security: noSecurity })],
    [['proxy', '--target-tlscert', 'c'], expect.objectContaining({ host: { tls: { verify: false, cert: 'c' } } })],
    // listening side: dockerd's TLS flags
    [
      ['proxy', '--listen', '0.0.0.0:2376', '--tlsverify', '--tlscacert', 'ca', '--tlscert', 'c', '--tlskey', 'k'],
      expect.objectContaining({
        host: {},
        listen: { kind: 'tcp', host: '0.0.0.0', port: 2376 },
        security: { tls: { verifyClients: true, ca: 'ca', cert: 'c', key: 'k' }, insecureRemote: false },
      }),
    ],
    [['proxy', '--tls', '--tlscert', 'c', '--tlskey', 'k'], expect.objectContaining({ host: {}, security: { tls: { verifyClients: false, cert: 'c', key: 'k' }, insecureRemote: false } })],
    // both sides at once, each with its own files
    [
      ['proxy', '--target', 'tcp://d:2376', '--target-tlsverify', '--target-tlscacert', 'dca', '--tlsverify', '--tlscacert', 'lca', '--tlscert', 'lc', '--tlskey', 'lk'],
      expect.objectContaining({
        host: { host: 'tcp://d:2376', tls: { verify: true, ca: 'dca' } },
        security: { tls: { verifyClients: true, ca: 'lca', cert: 'lc', key: 'lk' }, insecureRemote: false },
      }),
    ],
    [['proxy', '--listen', '0.0.0.0:1', '--insecure-remote'], expect.objectContaining({ listen: { kind: 'tcp', host: '0.0.0.0', port: 1 }, security: { tls: undefined, insecureRemote: true } })],
    [['proxy', '--listen', '0.0.0.0:1', '--tls', '--tlscert', 'c', '--tlskey', 'k', '--insecure-remote'], expect.objectContaining({ security: { tls: { verifyClients: false, cert: 'c', key: 'k' }, insecureRemote: true } })],
    [['proxy', '--record', 'fx', '--buffered-io'], expect.objectContaining({ record: 'fx', bufferedIo: true })],
  ])('%j', (argv, want) => expect(parseCli(argv)).toEqual(want));

  it.each([
    [['replay'], /unknown command/],
    [['proxy', 'extra'], /unexpected argument/],
    [['proxy', '--nope'], /Unknown option/],
    [['proxy', '--listen', 'nowhere'], /expected HOST:PORT/],
    // a non-loopback address needs verified client certificates or --insecure-remote
    [['proxy', '--listen', '0.0.0.0:2375'], /refusing to listen on 0\.0\.0\.0 without client certificates.*root on this host.*--tlsverify.*--insecure-remote/],
    [['proxy', '--listen', 'tcp://[::]:2375'], /refusing to listen on ::/],
    [['proxy', '--listen', '10.0.0.5:2376', '--tls', '--tlscert', 'c', '--tlskey', 'k'], /refusing to listen on 10\.0\.0\.5 without client certificates/],
    [['proxy', '--listen', 'unix:///tmp/p.sock', '--tlsverify', '--tlscacert', 'a', '--tlscert', 'c', '--tlskey', 'k'], /TLS applies to tcp:\/\//],
    [['proxy', '--tlsverify', '--tlscert', 'c', '--tlskey', 'k'], /--tlsverify needs --tlscacert/],
    [['proxy', '--tlscacert', 'a', '--tlscert', 'c', '--tlskey', 'k'], /--tlscacert only has a use with --tlsverify/],
    [['proxy', '--tlsverify', '--tlscacert', 'a'], /missing: --tlscert, --tlskey/],
    // --allow-remote opened root to anyone: removed, with a pointer to what replaces it
    [['proxy', '--listen', '0.0.0.0:1', '--allow-remote'], /--allow-remote was removed.*--tlsverify.*--insecure-remote/],
    [['proxy', '--tlsverify=1'], /--tlsverify.*does not take an argument/],
  ])('rejects %j', (argv, want) => expect(() => parseCli(argv)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(want) })));

  it('documents every flag it accepts', () => {
    const flags = ['--target', '--listen', '--record', '--buffered-io', '--tls ', '--tlsverify', '--tlscacert', '--tlscert', '--tlskey', '--insecure-remote'];
    for (const flag of [...flags, '--target-tls ', '--target-tlsverify', '--target-tlscacert', '--target-tlscert', '--target-tlskey', '--version', '--help']) {
      expect(HELP).toContain(flag);
    }
    expect(HELP).not.toContain('--allow-remote');
  });
});

describe('parseCli: --audit and --validate', () => {
  it.each([
    [['proxy', '--audit', 'a.jsonl'], expect.objectContaining({ audit: 'a.jsonl', record: undefined })],
    [['proxy', '--audit', '-', '--validate'], expect.objectContaining({ audit: '-', validate: true })],
    [['proxy', '--record', 'fx', '--validate'], expect.objectContaining({ record: 'fx', validate: true })],
  ])('%j', (argv, want) => expect(parseCli(argv)).toEqual(want));

  it.each([
    [['proxy', '--validate'], /--validate needs --audit or --record/],
    [['proxy', '--audit', ''], /--audit needs a file/],
    [['proxy', '--audit'], /--audit/],
  ])('rejects %j', (argv, want) => expect(() => parseCli(argv)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(want) })));

  it('documents them', () => {
    for (const flag of ['--audit FILE|-', '--validate']) expect(HELP).toContain(flag);
  });
});

describe('parseCli --redact-env / --redact-query', () => {
  it.each([
    [['proxy', '--redact-env', 'PIN'], { env: ['PIN'], query: [] }],
    [['proxy', '--redact-env', 'PIN', '--redact-env', 'otp', '--redact-query', 'token'], { env: ['PIN', 'otp'], query: ['token'] }],
    [['proxy'], undefined],
  ])('%j', (argv, want) => {
    const command = parseCli(argv);
    expect(command.kind === 'proxy' ? command.redact : 'not a proxy command').toEqual(want);
  });

  it.each([[['proxy', '--redact-env', '']], [['proxy', '--redact-query', ' ']]])('refuses an empty name: %j', (argv) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
  });
});
