/**
 * `entry._conformance`: how the daemon's answer compared with the v1.40 contract (the spec with
 * our errata overlay), as checked by `docktape proxy --validate` (@docktape/conformance). Absent
 * when the proxy did not validate. A violation has the shape Prism's validation proxy reports
 * (location as a JSON pointer into the body, severity, code, message), so tools that read one
 * read the other.
 */
import type { HarEntry } from '../har-types.js';
import { isObject, shown, type Fail } from './field-check.js';

/**
 * - `valid`, `violations`: the body was checked against the operation's schema for that status.
 * - `no-schema`: the operation is known but the spec declares no JSON body for this status: not
 *   passed, reported (a missing schema is a gap in the contract, not conformance).
 * - `not-json`: the response is not `application/json` (streams, tar, text), nothing to check.
 * - `unknown-operation`: no operation of the spec has this method and path.
 * - `unparsable-json`: declared JSON, but the bytes do not parse.
 * - `too-large`: the body was over the validator's bound and was not held to be checked.
 */
export const CONFORMANCE_OUTCOMES = ['valid', 'violations', 'no-schema', 'not-json', 'unknown-operation', 'unparsable-json', 'too-large'] as const;
export type ConformanceOutcome = (typeof CONFORMANCE_OUTCOMES)[number];

export interface ConformanceViolation {
  /** JSON pointer into the response body ('' for the body itself). */
  location: string;
  /** `error` breaks the contract; `warning` is a doubt (e.g. a schema the spec lacks). */
  severity: 'error' | 'warning';
  /** What kind of break, e.g. `type`, `required`, `enum`, `no-schema` (ajv's keyword, or ours). */
  code: string;
  /** A sentence, with expected and actual values truncated. */
  message: string;
}

export interface ConformanceRecord {
  outcome: ConformanceOutcome;
  violations: ConformanceViolation[];
}

export function encodeConformance(record: ConformanceRecord | undefined): ConformanceRecord | undefined {
  return record ? { outcome: record.outcome, violations: record.violations.map((v) => ({ ...v })) } : undefined;
}

export function decodeConformance(entry: Pick<HarEntry, '_conformance'>): ConformanceRecord | undefined {
  return entry._conformance;
}

export function checkConformance(value: unknown, fail: Fail): void {
  if (value === undefined) return;
  if (!isObject(value)) fail(`_conformance ${shown(value)}: expected {outcome, violations}`);
  const v = value as Record<string, unknown>;
  if (!CONFORMANCE_OUTCOMES.includes(v.outcome as ConformanceOutcome)) fail(`_conformance.outcome ${shown(v.outcome)}: expected one of ${CONFORMANCE_OUTCOMES.join(', ')}`);
  if (!Array.isArray(v.violations)) fail(`_conformance.violations ${shown(v.violations)}: expected a list`);
  (v.violations as unknown[]).forEach((item, i) => {
    const ok =
      isObject(item) &&
      typeof item.location === 'string' &&
      (item.severity === 'error' || item.severity === 'warning') &&
      typeof item.code === 'string' &&
      typeof item.message === 'string';
    if (!ok) fail(`_conformance.violations[${i}] ${shown(item)}: expected {location, severity (error|warning), code, message}`);
  });
}
