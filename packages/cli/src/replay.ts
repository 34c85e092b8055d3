/**
 * `@docktape/cli/replay`: the `docktape replay` command alone, its command line and what it
 * runs, without the other commands' modules (the proxy, http-proxy-3, the policy, ajv) that
 * the package root re-exports: a program that starts replays in its own process (a test suite
 * among them) loads ~60 ms of modules instead of ~330 ms.
 */
export { parseReplayCli, replayDaemonOptions, REPLAY_HELP, type ReplayCommand } from './replay-args.js';
export { runReplayCli } from './replay-command.js';
