import { describe, expect, it } from 'vitest';
import { parseReplayCli, REPLAY_HELP } from './replay-args.js';

const defaults = {
  kind: 'replay',
  fixtures: ['fx'],
  listen: { kind: 'tcp', host: '127.0.0.1', port: 2375 },
  security: { tls: undefined, insecureRemote: false },
  timing: 'none',
  ids: 'fresh',
  onExhausted: 'fail',
  ignoreBodyFields: [],
  binaryBodies: 'tar-content',
};

describe('parseReplayCli', () => {
  it.each([
    [['--help'], { kind: 'help' }],
    [['--fixtures', 'fx'], defaults],
    [
      ['--fixtures', 'a', '--fixtures', 'b', '--listen', 'unix:///tmp/r.sock', '--ids', 'recorded', '--on-exhausted', 'loop', '--ignore-body', 'Labels', '--binary-bodies', 'ignore'],
      { ...defaults, fixtures: ['a', 'b'], listen: { kind: 'unix', path: '/tmp/r.sock' }, ids: 'recorded', onExhausted: 'loop', ignoreBodyFields: ['Labels'], binaryBodies: 'ignore' },
    ],
    [
      ['--fixtures', 'fx', '--listen', '0.0.0.0:2376', '--tlsverify', '--tlscacert', 'ca', '--tlscert', 'c', '--tlskey', 'k'],
      { ...defaults, listen: { kind: 'tcp', host: '0.0.0.0', port: 2376 }, security: { tls: { verifyClients: true, ca: 'ca', cert: 'c', key: 'k' }, insecureRemote: false } },
    ],
    [['--fixtures', 'fx', '--tls', '--tlscert', 'c', '--tlskey', 'k'], { ...defaults, security: { tls: { verifyClients: false, cert: 'c', key: 'k' }, insecureRemote: false } }],
    [['--fixtures', 'fx', '--binary-bodies', 'exact'], { ...defaults, binaryBodies: 'exact' }],
    [['--fixtures', 'fx', '--binary-bodies', 'tar-content'], defaults],
    [['--fixtures', 'fx', '--listen', '10.0.0.5:2375', '--insecure-remote'], { ...defaults, listen: { kind: 'tcp', host: '10.0.0.5', port: 2375 }, security: { tls: undefined, insecureRemote: true } }],
  ])('%j', (argv, want) => expect(parseReplayCli(argv)).toEqual(want));

  it.each([
    [[], /--fixtures DIR is required/],
    [['--fixtures', 'fx', '--ids', 'x'], /--ids x: expected fresh or recorded/],
    [['--fixtures', 'fx', '--binary-bodies', 'tar'], /--binary-bodies tar: expected tar-content, exact, ignore/],
    [['--fixtures', 'fx', '--timing', 'soon'], /timing "soon"/],
    [['--fixtures', 'fx', '--nope'], /Unknown option/],
    [['--fixtures', 'fx', '--listen', '0.0.0.0:2375'], /refusing to listen on 0\.0\.0\.0 without client certificates: .*reads the recorded traffic.*--tlsverify.*--insecure-remote/],
    [['--fixtures', 'fx', '--listen', '0.0.0.0:2376', '--tls', '--tlscert', 'c', '--tlskey', 'k'], /refusing to listen on 0\.0\.0\.0/],
    [['--fixtures', 'fx', '--listen', 'unix:///tmp/r.sock', '--tls', '--tlscert', 'c', '--tlskey', 'k'], /TLS applies to tcp:\/\//],
    [['--fixtures', 'fx', '--tlsverify', '--tlscert', 'c', '--tlskey', 'k'], /--tlsverify needs --tlscacert/],
    [['--fixtures', 'fx', '--listen', '0.0.0.0:2375', '--allow-remote'], /--allow-remote was removed.*--insecure-remote/],
  ])('rejects %j', (argv, want) => expect(() => parseReplayCli(argv)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(want) })));

  it('documents every flag it accepts', () => {
    for (const flag of ['--fixtures', '--listen', '--timing', '--ids', '--on-exhausted', '--ignore-body', '--binary-bodies', '--tls ', '--tlsverify', '--tlscacert', '--tlscert', '--tlskey', '--insecure-remote', '--help']) {
      expect(REPLAY_HELP).toContain(flag);
    }
    expect(REPLAY_HELP).not.toContain('--allow-remote');
  });
});
