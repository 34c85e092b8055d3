import { describe, expect, it } from 'vitest';
import { parsePolicyCli } from './policy-args.js';
import { UsageError } from './usage-error.js';

describe('parsePolicyCli', () => {
  it.each([
    [['test', 'p.yaml', 'rec'], { kind: 'test', policy: 'p.yaml', paths: ['rec'] }],
    [['test', 'preset:read-only', 'a', 'b.har'], { kind: 'test', policy: 'preset:read-only', paths: ['a', 'b.har'] }],
    [['learn', 'a', 'b'], { kind: 'learn', paths: ['a', 'b'] }],
    [['show', 'p.yaml'], { kind: 'show', policy: 'p.yaml' }],
    [['--help'], { kind: 'help' }],
    [['learn', '-h'], { kind: 'help' }],
  ])('%j', (argv, want) => {
    expect(parsePolicyCli(argv)).toEqual(want);
  });

  it.each([
    [[], /needs a subcommand/],
    [['tset'], /unknown policy subcommand "tset"/],
    [['test', 'p.yaml'], /needs a POLICY and at least one recording PATH/],
    [['learn'], /at least one recording PATH/],
    [['show', 'a', 'b'], /exactly one POLICY/],
    [['learn', 'a', '--out', 'x'], /--out/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parsePolicyCli(argv)).toThrow(UsageError);
    expect(() => parsePolicyCli(argv)).toThrow(message);
  });
});
