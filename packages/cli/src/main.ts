/** `docktape`: the top level (help, version, usage errors) and dispatch to a command. */
import { parseTopLevel, topLevelHelp, USAGE_LINE } from './top-level.js';
import { CLI_VERSION } from './version.js';

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const top = parseTopLevel(argv);
  switch (top.kind) {
    case 'help':
      out.write(topLevelHelp());
      return 0;
    case 'version':
      out.write(`docktape ${CLI_VERSION}\n`);
      return 0;
    case 'usage-error':
      err.write(`docktape: ${top.message}\n${USAGE_LINE}\n`);
      return 2;
    case 'command':
      return top.command.run(argv);
  }
}
