/**
 * `docktape audit DIR|FILE...`: reads recordings, prints the report (text or --json), writes
 * --html FILE, exits 1 when a file could not be read or --strict fails, 2 on usage errors.
 * Wiring only: arguments (audit-args.ts), the report (@docktape/audit-report), streams.
 */
import { writeFile } from 'node:fs/promises';
import { auditRecordings, renderHtml, renderJson, renderText, strictProblems, type ReadProgress } from '@docktape/audit-report';
import { AUDIT_HELP, parseAuditCli, type AuditCommand } from './audit-args.js';
import { progressLine, showsProgress } from './audit-progress.js';
import { UsageError } from './usage-error.js';

type Err = NodeJS.WritableStream & { isTTY?: boolean };

export async function runAuditCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: Err = process.stderr): Promise<number> {
  let command: AuditCommand;
  try {
    command = parseAuditCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(`docktape audit: ${e.message}\n\n${AUDIT_HELP}`);
    return 2;
  }
  if (command.kind === 'help') {
    out.write(AUDIT_HELP);
    return 0;
  }
  let drew = false;
  const onProgress = (p: ReadProgress) => {
    if (!showsProgress(err.isTTY, p.filesTotal)) return;
    err.write(progressLine(p));
    drew = true;
  };
  const report = await auditRecordings(command.paths, { onProgress });
  if (drew) err.write('\n');
  out.write(command.json ? renderJson(report) : renderText(report));
  let code = 0;
  if (command.html) {
    try {
      await writeFile(command.html, renderHtml(report));
    } catch (e) {
      err.write(`docktape audit: cannot write ${command.html}: ${(e as Error).message}\n`);
      code = 1;
    }
  }
  for (const f of report.files) if (f.error) err.write(`docktape audit: ${f.file}: ${f.error}\n`);
  if (report.summary.unreadableFiles > 0) code = 1;
  if (command.strict) {
    const problems = strictProblems(report);
    for (const p of problems) err.write(`docktape audit: --strict: ${p}\n`);
    if (problems.length) code = 1;
  }
  return code;
}
