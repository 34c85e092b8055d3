/**
 * The one error class of @docktape/replay. Unmatched requests, exhausted recordings and broken
 * fixtures all end up here, with the fixture file and entry when there is one.
 */
export type ReplayErrorCode = 'unmatched' | 'exhausted' | 'fixture' | 'usage';

export class ReplayError extends Error {
  override name = 'ReplayError';
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[docktape replay] ${message}`, options);
  }
}
