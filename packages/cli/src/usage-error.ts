/**
 * The CLI's one error: the command line cannot be run as given (unknown command or flag, a bad
 * value, an address the listening rules refuse, a certificate file that cannot be read). Every
 * command prints it the same way, `docktape <command>: <message>` then its usage, and exits 2.
 * Errors of running (daemon unreachable, broken fixtures) exit 1 instead.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs a parse step, turning its error (a ListenError, a bad timing) into a UsageError. */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw toUsage(err);
  }
}

/** asUsage for a step that reads files (certificates named on the command line). */
export async function asUsageAsync<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw toUsage(err);
  }
}

function toUsage(err: unknown): UsageError {
  if (err instanceof UsageError) return err;
  // a library's fixed prefix (`[docktape replay] `) would repeat the command this line starts with
  return new UsageError(String((err as Error)?.message ?? err).replace(/^\[docktape \w+\] /, ''), { cause: err });
}
