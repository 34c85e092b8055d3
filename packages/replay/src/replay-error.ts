/**
 * The one error class of @docktape/replay. Unmatched requests, exhausted recordings and broken
 * fixtures all end up here, with the fixture file and entry when there is one.
 */
import { RecordingError } from '@docktape/recording';

export type ReplayErrorCode = 'unmatched' | 'exhausted' | 'fixture' | 'usage';

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
