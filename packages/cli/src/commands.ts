/**
 * The commands of `docktape`, in the order the top-level help lists them. Each is loaded only
 * when asked for, so `docktape proxy` never loads replay (nor msw) and the other way round, and `audit`
 * (ajv, the schemas) is loaded by neither.
 */
export interface Command {
  name: string;
  summary: string;
  /** `argv` is everything after `docktape`, the command word included. */
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'proxy',
    summary: 'Forward Docker API traffic to a daemon, transparently, and record it (HAR + blobs)',
    run: async (argv) => (await import('./proxy-command.js')).runProxyCli(argv),
  },
  {
    name: 'replay',
    summary: 'Serve recordings as if it were the daemon, to any Docker client',
    run: async (argv) => (await import('./replay-command.js')).runReplayCli(argv.slice(1)),
  },
  {
    name: 'audit',
    summary: 'Report on recordings: operations seen, container coverage, drift from the spec (text, JSON, HTML)',
    run: async (argv) => (await import('./audit-command.js')).runAuditCli(argv.slice(1)),
  },
  {
    name: 'policy',
    summary: 'Test a request policy against recordings, learn one from them, or show one',
    run: async (argv) => (await import('./policy-command.js')).runPolicyCli(argv.slice(1)),
  },
];
