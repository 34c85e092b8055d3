/**
 * The conformance verdict of one exchange: the proxy's `_conformance` when it recorded one, else
 * an offline check of the body against the patched schemas (@docktape/conformance). When the body
 * is at hand it is also checked against the upstream schemas (errata NOT applied): what upstream
 * rejects and the patched spec accepts is a known erratum, attributed to one (attribute-erratum.ts).
 */
import { findOperation } from '@docktape/api';
import { ConformanceChecker } from '@docktape/conformance';
import type { ConformanceRecord } from '@docktape/recording';
import { attributeErratum } from './attribute-erratum.js';
import type { ErratumRow } from './erratum-row.js';
import type { AuditExchange } from './exchange.js';
import { ERRATA } from './generated/errata.js';
import { UPSTREAM_RESPONSE_SCHEMAS } from './generated/upstream-schemas.js';

export interface ErratumHit {
  /** The erratum's id, or null when the overlay accepts it but no erratum's instances say where. */
  erratum: string | null;
  location: string;
  /** What the upstream spec said. */
  message: string;
}

export interface CheckedExchange {
  exchange: AuditExchange;
  operationId: string | null;
  /** `recorded` (the proxy's `_conformance`), `offline` (checked here), `none` (nothing to check). */
  checked: 'recorded' | 'offline' | 'none';
  conformance?: ConformanceRecord;
  errata: ErratumHit[];
}

export interface Checkers {
  patched: ConformanceChecker;
  upstream: ConformanceChecker;
  errata: readonly ErratumRow[];
}

export function defaultCheckers(): Checkers {
  return { patched: new ConformanceChecker(), upstream: new ConformanceChecker(UPSTREAM_RESPONSE_SCHEMAS), errata: ERRATA };
}

/** The request path with its query, from a full URL (HAR) or a bare path. */
export function pathOfUrl(url: string): string {
  try {
    const u = new URL(url, 'http://docktape.invalid');
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

export function checkExchange(exchange: AuditExchange, checkers: Checkers): CheckedExchange {
  const path = pathOfUrl(exchange.url);
  const operationId = findOperation(exchange.method, path)?.operation.operationId ?? null;
  if (exchange.conformance) return { exchange, operationId, checked: 'recorded', conformance: exchange.conformance, errata: [] };
  if (!exchange.body || !operationId) return { exchange, operationId, checked: 'none', errata: [] };
  const response = { method: exchange.method, path, status: exchange.status, contentType: exchange.contentType, body: exchange.body };
  const patched = checkers.patched.check(response);
  const { outcome, violations } = patched;
  const errata: ErratumHit[] = [];
  if (outcome === 'valid' || outcome === 'violations') {
    const upstream = checkers.upstream.check(response);
    const drift = new Set(violations.map((v) => `${v.location} ${v.code}`));
    for (const v of upstream.violations) {
      if (v.severity !== 'error' || drift.has(`${v.location} ${v.code}`)) continue;
      errata.push({ erratum: attributeErratum(v.location, checkers.errata)?.id ?? null, location: v.location, message: v.message });
    }
  }
  return { exchange, operationId, checked: 'offline', conformance: { outcome, violations }, errata };
}
