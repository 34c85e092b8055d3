/**
 * Command line of `docktape policy`. Pure: argv (after `policy`) in, a command or a UsageError out.
 */
import { parseArgs } from 'node:util';
import { asUsage, UsageError } from './usage-error.js';

export const POLICY_HELP = `Usage: docktape policy <test|learn|show> ...

  docktape policy test POLICY PATH...   Runs recorded requests through POLICY, offline, and
                                        lists each one it would refuse (rule and reason).
                                        Exit 1 when any would be refused, 0 when none.
  docktape policy learn PATH...         Writes to stdout the narrowest policy that allows every
                                        recorded request: default deny, one rule per operation
                                        seen, the images and bind sources seen, every dangerous
                                        body field no request used denied. Each rule says which
                                        exchanges needed it.
  docktape policy show POLICY           Checks POLICY and prints it with its bases merged in.

POLICY is a YAML or JSON file, or preset:read-only, preset:no-privileged, preset:containers-only.
PATH is a recording (.har, .har.jsonl) or a folder of them (or of one folder per recording set).
docktape proxy --policy POLICY enforces it on live traffic.

Options:
  -h, --help   Print this help and exit.
`;

export type PolicyCommand =
  | { kind: 'help' }
  | { kind: 'test'; policy: string; paths: string[] }
  | { kind: 'learn'; paths: string[] }
  | { kind: 'show'; policy: string };

export function parsePolicyCli(argv: string[]): PolicyCommand {
  const { values, positionals } = asUsage(() => parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } }));
  if (values.help) return { kind: 'help' };
  const [verb, ...rest] = positionals;
  switch (verb) {
    case 'test':
      if (rest.length < 2) throw new UsageError('policy test needs a POLICY and at least one recording PATH');
      return { kind: 'test', policy: rest[0]!, paths: rest.slice(1) };
    case 'learn':
      if (rest.length < 1) throw new UsageError('policy learn needs at least one recording PATH');
      return { kind: 'learn', paths: rest };
    case 'show':
      if (rest.length !== 1) throw new UsageError('policy show needs exactly one POLICY');
      return { kind: 'show', policy: rest[0]! };
    case undefined:
      throw new UsageError('policy needs a subcommand: test, learn or show');
    default:
      throw new UsageError(`unknown policy subcommand "${verb}" (expected test, learn or show)`);
  }
}
