/**
 * The one error class of @docktape/replay: everything its public functions throw or report is
 * one, with the fixed prefix `[docktape replay] ` (a caller wrapping it, such as the CLI, strips
 * the prefix by that). Codes: `unmatched` (no recorded exchange answers a request, or the
 * adapter cannot carry the one that does), `exhausted` (all matching exchanges were served),
 * `unserved` (a suite ended with recorded exchanges not replayed, or with unmatched requests:
 * suite/served-everything.ts),
 * `fixture` (a recording is broken, with the file and entry when there is one), `usage` (a bad
 * option: timing, listen address), `listen` (the replay daemon could not listen).
 */
import { RecordingError } from '@docktape/recording';

export type ReplayErrorCode = 'unmatched' | 'exhausted' | 'unserved' | 'fixture' | 'usage' | 'listen';

export class ReplayError extends Error {
  override name = 'ReplayError';
  /** For code `fixture`: what the fixtures reader found (file, entry, problem, hint). */
  readonly fixture?: RecordingError;

  constructor(
    readonly code: ReplayErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[docktape replay] ${message}`, options);
    if (options?.cause instanceof RecordingError) this.fixture = options.cause;
  }

  /** A broken fixture, worded by the reader: file, entry, what is wrong, what to do. */
  static fromFixture(error: RecordingError): ReplayError {
    return new ReplayError('fixture', error.diagnosis, { cause: error });
  }
}
