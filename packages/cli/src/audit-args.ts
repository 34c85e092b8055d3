/**
 * Command line of `docktape audit`. Pure: argv in, a command or a UsageError out.
 */
import { parseArgs } from 'node:util';
import { asUsage, UsageError } from './usage-error.js';

export const AUDIT_HELP = `Usage: docktape audit DIR|FILE... [--json] [--html FILE] [--strict]

Reads recordings and reports what they show of the Docker Engine API v1.40: per operation how
often it was seen and with which status codes, whether streamed and hijacked bodies are whole,
the 25 container operations as a coverage table, every response that departs from the spec
(new drift) with the exchange it came from, and the known errata (spec/errata.overlay.yaml)
apart. Folders are searched recursively for .har and .har.jsonl files (a journal of a recording
still running or cut short); a file named directly may be any HAR 1.2 file, e.g. a browser's
export, read leniently (what is skipped is said per file). Responses recorded without
proxy --validate are checked here; a recorded _conformance is taken as it is.

Options:
  --json          Print the report as JSON (format "docktape-audit", version 1) instead of text.
  --html FILE     Also write the report as one self-contained HTML page to FILE.
  --strict        Exit 1 on new drift or on a container operation no recording covers.
  -h, --help      Print this help and exit.

Exit codes: 0 done; 1 a file could not be read (the others are still reported) or --strict
failed; 2 usage error. On a terminal, progress goes to stderr while a large folder is read.
`;

export type AuditCommand = { kind: 'help' } | { kind: 'audit'; paths: string[]; json: boolean; html?: string; strict: boolean };

export function parseAuditCli(argv: string[]): AuditCommand {
  const { values, positionals } = asUsage(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        html: { type: 'string' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (values.help) return { kind: 'help' };
  if (positionals.length === 0) throw new UsageError('name at least one folder or file of recordings');
  if (values.html === '') throw new UsageError('--html needs a file name');
  return { kind: 'audit', paths: positionals, json: values.json ?? false, strict: values.strict ?? false, ...(values.html ? { html: values.html } : {}) };
}
