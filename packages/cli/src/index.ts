export { main } from './main.js';
export { COMMANDS, type Command } from './commands.js';
export { parseTopLevel, topLevelHelp, USAGE_LINE, type TopLevel } from './top-level.js';
export { parseCli, HELP as PROXY_HELP, DEFAULT_LISTEN, type CliCommand } from './proxy-args.js';
export { parseReplayCli, REPLAY_HELP, type ReplayCommand } from './replay-args.js';
export { runProxyCli } from './proxy-command.js';
export { runReplayCli } from './replay-command.js';
export { UsageError } from './usage-error.js';
export { CLI_VERSION } from './version.js';
