/**
 * What `docktape` does before a command runs. Pure: argv in, the action out.
 * `docktape`, `docktape --help`, `docktape help` print the top-level help; `docktape --version`
 * the version; an unknown word is a usage error (exit 2) with a one-line usage.
 */
import { COMMANDS, type Command } from './commands.js';

export type TopLevel =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'command'; command: Command }
  | { kind: 'usage-error'; message: string };

export const USAGE_LINE = `usage: docktape <${COMMANDS.map((c) => c.name).join('|')}> [options]   (docktape --help lists the commands)`;

export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: docktape <command> [options]',
    '',
    'Record Docker Engine API traffic through a transparent proxy, and replay it without a daemon.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help      Print this help and exit.',
    '  -v, --version   Print the version and exit.',
    '',
    "Run 'docktape <command> --help' for a command's options.",
    '',
  ].join('\n');
}

export function parseTopLevel(argv: readonly string[]): TopLevel {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { kind: 'help' };
  if (first === '--version' || first === '-v' || first === 'version') return { kind: 'version' };
  const command = COMMANDS.find((c) => c.name === first);
  if (command) return { kind: 'command', command };
  const what = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
  return { kind: 'usage-error', message: what };
}
