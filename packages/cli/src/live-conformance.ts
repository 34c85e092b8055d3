/**
 * `docktape proxy --validate`: each answer of the daemon checked against the v1.40 contract
 * (@docktape/conformance) as traffic flows, off the client's path. JSON bodies of known
 * operations are held in memory up to VALIDATE_LIMIT_BYTES (never more: a bigger one is
 * reported `too-large`, not buffered), even without --record; the proxy checks them on a later
 * turn of the event loop, once the client has its bytes (exchange.ts). The report goes to the
 * recording entry (`_conformance`) and, through it, to the audit line.
 */
import { findOperation } from '@docktape/api';
import { checkResponse, isJsonMediaType, type ConformanceReport } from '@docktape/conformance';
import type { ExchangeObserver, FinishedFacts, KeepResponseBody } from '@docktape/proxy';
import { encodeConformance, type ConformanceRecord, type HarEntry } from '@docktape/recording';

export const VALIDATE_LIMIT_BYTES = 8 * 1024 * 1024;

/** Which bodies are held for checking: JSON answers of operations the spec knows. */
export const keepForValidation: KeepResponseBody = {
  limitBytes: VALIDATE_LIMIT_BYTES,
  wanted: (method, url, contentType) => isJsonMediaType(contentType) && findOperation(method, url) !== undefined,
};

type Check = (response: Parameters<typeof checkResponse>[0]) => ConformanceReport;

/**
 * The report for one finished exchange, or undefined when there is no daemon answer to judge
 * (none came, or the proxy answered itself: a refusal, an unreachable daemon). Pure but for `check`.
 */
export function conformanceOf(entry: HarEntry, facts: FinishedFacts, check: Check = checkResponse): ConformanceRecord | undefined {
  if (entry.response.status === 0 || facts.termination === 'refused' || facts.termination === 'daemon_unreachable') return undefined;
  if (facts.responseBody === 'too-large') return { outcome: 'too-large', violations: [] };
  const contentType = entry.response.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
  // a body that was not held is not JSON of a known operation: the checker says which, from the head alone
  const { outcome, violations } = check({ method: facts.method, path: facts.url, status: entry.response.status, contentType, body: facts.responseBody ?? '' });
  return { outcome, violations };
}

/** Counts what the exit summary calls violations: errors against the contract, not doubts. */
export function violationCount(record: ConformanceRecord | undefined): number {
  return record?.outcome === 'violations' ? record.violations.filter((v) => v.severity === 'error').length : 0;
}

/** The observer: puts the report on the entry before it is written (the audit observer, next, reads it there). */
export function validationObserver(check: Check = checkResponse): ExchangeObserver {
  return {
    finished(entry, facts) {
      const record = encodeConformance(conformanceOf(entry, facts, check));
      if (record) entry._conformance = record;
    },
  };
}
