/**
 * `docktape proxy`: wiring only (arguments from proxy-args.ts, signals, exit codes).
 * Exit codes: 0 after SIGINT/SIGTERM or --help, 2 for usage errors, 1 when the proxy cannot
 * start, and 1 after SIGINT/SIGTERM when the recording is not whole (it stopped early because
 * its folder failed, or could not be finished): a script that records fixtures must not take
 * a partial recording for a good one.
 * With --audit, SIGHUP reopens the audit file (logrotate moves it, then signals).
 */
import { readListenTls, type ListenTls } from '@docktape/listen';
import { AuditLineWriter, AuditLogError, auditObserver } from '@docktape/audit-log';
import { decodeConformance } from '@docktape/recording';
import { incompleteOnExit, ProxyError, resolveTarget, startProxy, type ExchangeObserver, type ProxyStages } from '@docktape/proxy';
import { progressLine } from './transfer-progress.js';
import { exchangeLine, ExchangeTally } from './exchange-lines.js';
import { keepForValidation, validationObserver, violationCount } from './live-conformance.js';
import { HELP, parseCli } from './proxy-args.js';
import { loadPolicy, PolicyError, redactionPlan, type Policy } from '@docktape/policy';
import { policyStage } from './policy-stage.js';
import { asUsageAsync, UsageError } from './usage-error.js';
import { CLI_VERSION } from './version.js';

/** `argv` starts with `proxy` (parseCli reads the command word). */
export async function runProxyCli(argv: string[]): Promise<number> {
  let command;
  let tls: ListenTls | undefined;
  let policy: Policy | undefined;
  try {
    command = parseCli(argv);
    // the listening certificate files are part of the command line: unreadable is a usage error
    const files = command.kind === 'proxy' ? command.security.tls : undefined;
    if (files) tls = await asUsageAsync(() => readListenTls(files));
    // so is the policy: a proxy that cannot read its policy does not start (fail closed)
    if (command.kind === 'proxy' && command.policy !== undefined) policy = loadPolicy(command.policy);
  } catch (err) {
    if (err instanceof PolicyError) {
      process.stderr.write(`docktape proxy: --policy ${err.message}\n`);
      return 2;
    }
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`docktape: ${err.message}\n\n${HELP}`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`docktape ${CLI_VERSION}\n`);
    return 0;
  }
  const tally = new ExchangeTally();
  // the summary at exit: asked for by -v, and by --audit / --validate (issue 13)
  const summarize = Boolean(command.verbose || command.audit !== undefined || command.validate);
  let audit: AuditLineWriter | undefined;
  try {
    // opened before listening: an unwritable audit path stops the start, not a later request
    if (command.audit !== undefined) audit = AuditLineWriter.open(command.audit);
  } catch (err) {
    if (!(err instanceof AuditLogError)) throw err;
    process.stderr.write(`docktape proxy: ${err.detail}\n`);
    return 1;
  }
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  // observers run in this order: conformance first, so the audit line, the -v line and the
  // tally all see its report
  const observe: ExchangeObserver[] = [];
  if (command.validate) observe.push(validationObserver());
  if (audit) observe.push(auditObserver(audit, { conformanceOf: (e) => decodeConformance(e) ?? null }));
  // on a terminal a progress line may be standing: a line printed over it clears it first
  const clearLine = process.stderr.isTTY ? '\r\u001b[K' : '';
  if (command.verbose) observe.push({ finished: (e) => void process.stderr.write(`${clearLine}${exchangeLine(e, color)}\n`) });
  if (summarize) observe.push({ finished: (e) => tally.add(e, violationCount(decodeConformance(e))) });
  let proxy;
  try {
    const target = resolveTarget(command.host);
    // bind paths are resolved through symlinks only where the daemon shares this filesystem
    const policyStages = policy ? [policyStage(policy, { localDaemon: target.url.startsWith('unix:'), warn: (line) => process.stderr.write(`docktape proxy: ${line}\n`) })] : [];
    // the flags and the policy file's `redact:` together, on top of the defaults
    const redact = redactionPlan(command.redact, policy?.redact);
    const stages: ProxyStages = { policy: policyStages, entry: [], observe, redact, ...(command.validate ? { keepResponseBody: keepForValidation } : {}) };
    proxy = await startProxy({
      target,
      listen: command.listen,
      recordDir: command.record,
      recordDirectIo: !command.bufferedIo,
      tls,
      insecureRemote: command.security.insecureRemote,
      stages,
    });
  } catch (err) {
    // ProxyError's own prefix would repeat the one this line starts with
    process.stderr.write(`docktape proxy: ${err instanceof ProxyError ? err.detail : (err as Error).message}\n`);
    await audit?.close();
    return 1;
  }
  const running = proxy;
  // A large body being recorded says how far it is, on a terminal only (a pipe gets no status line).
  let shown = '';
  const progress =
    process.stderr.isTTY && command.record
      ? setInterval(() => {
          const line = progressLine(running.inFlight(), process.stderr.columns || 100);
          if (line === shown) return;
          shown = line;
          process.stderr.write(`\r\u001b[K${line}`);
        }, 1000).unref()
      : undefined;
  return new Promise<number>((resolve) => {
    let watch: NodeJS.Timeout | undefined;
    const reopen = () => audit?.reopen();
    const stop = (signal: NodeJS.Signals | 'npm exec ended') => {
      process.off('SIGINT', stop).off('SIGTERM', stop).off('SIGHUP', reopen);
      clearInterval(watch);
      clearInterval(progress);
      if (shown) process.stderr.write('\r\u001b[K');
      running.close().then(
        async (file) => {
          // every exchange has had its line once the proxy has closed: the log is whole
          await audit?.close();
          if (summarize) {
            const extras = { validated: Boolean(command.validate), ...(audit ? { audit: { target: audit.target, written: audit.written, dropped: audit.dropped } } : {}) };
            process.stderr.write(`docktape proxy: ${signal}: ${tally.summary(file, extras)}\n`);
          }
          const incomplete = running.recording?.incomplete;
          if (file && incomplete) {
            process.stderr.write(`docktape proxy: ${signal}: ${incompleteOnExit(incomplete, file)}\n`);
            return resolve(1);
          }
          if (file) process.stderr.write(`docktape proxy: ${signal}: recording written to ${file}\n`);
          resolve(0);
        },
        (err: Error) => {
          process.stderr.write(`docktape proxy: ${signal}: could not finish the recording: ${err.message}\n`);
          resolve(1);
        },
      );
    };
    // Handlers first, ready line second: a script that signals as soon as it reads the line
    // must find them installed (until then the kernel's default action would kill us).
    process.on('SIGINT', stop).on('SIGTERM', stop);
    // (only for a file: with `--audit -` SIGHUP keeps its default, ending the proxy with its terminal)
    if (audit && audit.target !== '-') process.on('SIGHUP', reopen);
    // Under `npx docktape` / `npm exec`, npm passes SIGTERM to a `sh -c` wrapper that does not
    // pass it on: the proxy would be orphaned, still listening. Its parent going away is taken
    // as the stop signal there (only there: `nohup docktape proxy &` must outlive its shell).
    if (process.env.npm_command === 'exec') {
      const parent = process.ppid;
      watch = setInterval(() => {
        if (process.ppid !== parent) stop('npm exec ended');
      }, 250).unref();
    }
    process.stdout.write(`docktape proxy listening on ${running.url}\n`);
  });
}
