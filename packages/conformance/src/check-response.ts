/**
 * Checks one response against the v1.40 contract: the operation is found from method and path
 * (@docktape/api's operation table), the schema from the status (or the operation's `default`),
 * and the body is validated with ajv. Schemas are compiled on first use, once per operation and
 * status, so a proxy pays for the operations its clients call and nothing else.
 *
 * Extra properties are never violations: Docker's schemas are open and daemons add fields in
 * every release. Formats (`int64`, `dateTime`...) are not checked: the spec uses names ajv does
 * not know, and the daemon's own encodings (e.g. `0001-01-01T00:00:00Z`) are what clients see.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { findOperation, RESPONSE_SCHEMAS, type ResponseSchemas } from '@docktape/api';
import type { ConformanceRecord, ConformanceViolation } from '@docktape/recording';
import { isJsonMediaType, parseJsonBody } from './response-body.js';
import { shortJson, toViolation, withoutBranchNoise } from './violation-text.js';

export interface ResponseToCheck {
  method: string;
  /** The request's path, with or without version prefix and query. */
  path: string;
  status: number;
  contentType: string | undefined;
  body: Buffer | string;
}

export interface ConformanceReport extends ConformanceRecord {
  /** The spec's operationId, or null for a request the spec does not have. */
  operationId: string | null;
  /** Which schema was used: the status, `default`, or null when none was. */
  schemaStatus: string | null;
}

/** Violations of one body kept at most: a wholly wrong body (an HTML error page) says enough in 20. */
export const MAX_VIOLATIONS = 20;

const SCHEMA_ID = 'docker-engine-v1.40';

export class ConformanceChecker {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly schemas: ResponseSchemas = RESPONSE_SCHEMAS) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    // one document: response schemas refer to `#/definitions/<name>` of the same root
    this.ajv.addSchema({ $id: SCHEMA_ID, definitions: schemas.definitions, responses: schemas.responses });
  }

  /** The status key the spec declares for this answer: the exact code, else `default`. */
  schemaStatusOf(operationId: string, status: number): string | null {
    const declared = this.schemas.responses[operationId];
    if (!declared) return null;
    if (String(status) in declared) return String(status);
    return 'default' in declared ? 'default' : null;
  }

  private validator(operationId: string, statusKey: string): ValidateFunction {
    const key = `${operationId} ${statusKey}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const pointer = `${encodeURIComponent(operationId)}/${encodeURIComponent(statusKey)}`;
      fn = this.ajv.compile({ $ref: `${SCHEMA_ID}#/responses/${pointer}` });
      this.compiled.set(key, fn);
    }
    return fn;
  }

  check(response: ResponseToCheck): ConformanceReport {
    const operationId = findOperation(response.method, response.path)?.operation.operationId ?? null;
    if (!operationId) return report(null, null, 'unknown-operation', []);
    if (!isJsonMediaType(response.contentType)) return report(operationId, null, 'not-json', []);
    const statusKey = this.schemaStatusOf(operationId, response.status);
    if (!statusKey) {
      return report(operationId, null, 'no-schema', [
        {
          location: '',
          severity: 'warning',
          code: 'no-schema',
          message: `the spec declares no JSON body for ${operationId} answering ${response.status}: not checked`,
        },
      ]);
    }
    const parsed = parseJsonBody(response.body);
    if (parsed.kind === 'unparsable') {
      return report(operationId, statusKey, 'unparsable-json', [
        { location: '', severity: 'error', code: 'unparsable-json', message: `declared application/json, but does not parse: ${shortJson(parsed.reason)}` },
      ]);
    }
    const validate = this.validator(operationId, statusKey);
    const violations: ConformanceViolation[] = [];
    const values = parsed.kind === 'one' ? [parsed.value] : parsed.values;
    for (const [i, value] of values.entries()) {
      if (validate(value)) continue;
      const prefix = parsed.kind === 'lines' ? `line ${i + 1}: ` : '';
      for (const error of withoutBranchNoise(validate.errors ?? [])) {
        if (violations.length < MAX_VIOLATIONS) violations.push(toViolation(error, value, prefix));
      }
    }
    return report(operationId, statusKey, violations.length ? 'violations' : 'valid', violations);
  }
}

function report(operationId: string | null, schemaStatus: string | null, outcome: ConformanceReport['outcome'], violations: ConformanceViolation[]): ConformanceReport {
  return { operationId, schemaStatus, outcome, violations };
}

let shared: ConformanceChecker | undefined;

/** Checks with one checker per process (its compiled schemas are reused). */
export function checkResponse(response: ResponseToCheck): ConformanceReport {
  shared ??= new ConformanceChecker();
  return shared.check(response);
}
