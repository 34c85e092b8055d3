/**
 * The check a replayed suite ends with: every recorded exchange was served, and no request
 * went unmatched. Either failure means the code under test no longer does what it did when the
 * fixtures were recorded, even if the test swallowed the error or never asked.
 */
import { ReplayError } from '../replay-error.js';
import type { ReplayEngine } from '../replay-engine.js';

export interface ServedReport {
  /** Requests no recorded exchange answered (the engine's errors, as messages). */
  errors: string[];
  /** Recorded exchanges never asked for: `METHOD url (file entry N)`. */
  unserved: string[];
}

/** What `engine` did not serve, and what it could not. */
export function servedReport(engine: ReplayEngine): ServedReport {
  return {
    errors: engine.errors.map((e) => e.message),
    unserved: engine.unserved().map((x) => `${x.entry.request.method} ${x.entry.request.url} (${x.recording.file} entry ${x.index})`),
  };
}

/** The report as one message, or undefined when everything was served. Pure. */
export function describeServed(report: ServedReport, limit = 10): string | undefined {
  const parts: string[] = [];
  const list = (items: string[]) => items.slice(0, limit).map((i) => `\n  - ${i}`).join('') + (items.length > limit ? `\n  ... and ${items.length - limit} more` : '');
  if (report.errors.length) parts.push(`${report.errors.length} request(s) matched no recorded exchange:${list(report.errors)}`);
  if (report.unserved.length) parts.push(`${report.unserved.length} recorded exchange(s) were never asked for:${list(report.unserved)}`);
  if (!parts.length) return undefined;
  return `${parts.join('\n')}\nRecord again (DOCKTAPE_MODE=record) if the change is intended.`;
}

/** Throws a ReplayError (code `unserved`) unless `engine` served everything and nothing went unmatched. */
export function assertServedEverything(engine: ReplayEngine): void {
  const message = describeServed(servedReport(engine));
  if (message) throw new ReplayError('unserved', message);
}
