/**
 * The audit report: its shape is the stable output of `docktape audit --json` (format
 * `docktape-audit`, version 1; fields are only ever added within a version), and what the text
 * and HTML renderers draw. See the README for the field by field description.
 */
import type { ConformanceViolation } from '@docktape/recording';
import type { ExchangeRef } from './exchange.js';
import type { FileReport } from './read-recordings.js';
import type { SkippedEntry } from './lenient-har.js';

export const REPORT_FORMAT = 'docktape-audit';
export const REPORT_VERSION = 1;

export interface AuditReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  summary: AuditSummary;
  files: FileReport[];
  /** The 25 container operations (tag `Container`), in the spec's order. */
  coverage: CoverageRow[];
  /** Every operation seen at least once, in the spec's order. */
  operations: OperationStats[];
  /** The status codes seen, ascending: the columns of the status matrix. */
  statuses: number[];
  /** Every violation of the patched contract (new drift: severity error; doubts: warning). */
  violations: ViolationRow[];
  /** Every erratum of the overlay, with what the recordings show of it. */
  errata: ErratumSummary[];
  /** Requests no operation of the spec has (method and path without query). */
  unknown: UnknownRow[];
  /** How many exchanges got each verdict (`not-checked`: no JSON body to check). */
  outcomes: Record<string, number>;
}

export interface AuditSummary {
  files: number;
  unreadableFiles: number;
  exchanges: number;
  skippedEntries: number;
  unknownRequests: number;
  /** Exchanges whose body or hijacked session is incomplete. */
  cut: number;
  containerCovered: number;
  containerTotal: number;
  /** Violations of severity `error` against the patched schemas. */
  newDrift: number;
  /** Violations of severity `warning` (a status the spec has no schema for...). */
  warnings: number;
  /** Places where the upstream spec rejects a body and the errata accept it. */
  erratumHits: number;
}

export interface CoverageRow {
  operationId: string;
  method: string;
  path: string;
  count: number;
  covered: boolean;
  /** status code -> how many times. */
  statuses: Record<string, number>;
}

export interface OperationStats extends CoverageRow {
  tag: string;
  transport: string;
  complete: number;
  cut: number;
  /** Why bodies were cut, with how many times, most frequent first. */
  cutReasons: { reason: string; count: number }[];
}

export interface ViolationRow extends ConformanceViolation {
  operationId: string | null;
  /** `recorded` (the proxy's `_conformance`) or `offline` (checked by `docktape audit`). */
  checked: 'recorded' | 'offline';
  exchange: ExchangeRef;
}

export interface ErratumExample {
  location: string;
  operationId: string | null;
  message: string;
  exchange: ExchangeRef;
}

export interface ErratumSummary {
  /** The `x-erratum` id, or null for hits no erratum's instances explain. */
  id: string | null;
  description: string;
  evidence: string;
  instances: string[];
  hits: number;
  /** The first few hits (at most MAX_EXAMPLES), each with its exchange. */
  examples: ErratumExample[];
}

export interface UnknownRow {
  method: string;
  path: string;
  count: number;
  first: ExchangeRef;
}

export type { FileReport, SkippedEntry, ExchangeRef };
