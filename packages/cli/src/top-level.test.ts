import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';
import { parseTopLevel, topLevelHelp, USAGE_LINE } from './top-level.js';

describe('docktape top level', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j asks for the help', (argv) => {
    expect(parseTopLevel(argv)).toEqual({ kind: 'help' });
  });

  it.each([[['--version']], [['-v']], [['version']]])('%j asks for the version', (argv) => {
    expect(parseTopLevel(argv)).toEqual({ kind: 'version' });
  });

  it('dispatches the command word, whatever follows it', () => {
    const top = parseTopLevel(['replay', '--fixtures', 'x', '--help']);
    expect(top.kind === 'command' && top.command.name).toBe('replay');
  });

  it('names an unknown command or option', () => {
    expect(parseTopLevel(['prxy'])).toEqual({ kind: 'usage-error', message: 'unknown command "prxy"' });
    expect(parseTopLevel(['--listen', 'x'])).toEqual({ kind: 'usage-error', message: 'unknown option "--listen"' });
  });

  it('the help gives one line per command, with its summary, and the usage line names them all', () => {
    const help = topLevelHelp();
    expect(COMMANDS.map((c) => c.name)).toEqual(['proxy', 'replay', 'audit', 'policy']);
    const lines = help.split('\n');
    for (const c of COMMANDS) expect(lines.filter((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary))).toHaveLength(1);
    expect(USAGE_LINE).toContain('<proxy|replay|audit|policy>');
  });
});
