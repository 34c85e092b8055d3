/**
 * Validates a JSON response body against the schema an OpenAPI 3.0 document declares for it.
 * Used to check the errata overlay against a real daemon (and, later, live traffic).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { toJsonSchema } from './to-json-schema.js';

export interface SchemaViolation {
  /** JSON Pointer into the body, '' for the body itself. */
  instancePath: string;
  message: string;
}

type Doc = { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>; components?: { schemas?: unknown } };

export function createResponseValidator(document: Record<string, unknown>) {
  const doc = document as unknown as Doc;
  const definitions = toJsonSchema(doc.components?.schemas ?? {});
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const cache = new Map<string, ValidateFunction>();

  function compile(pathTemplate: string, method: string, status: number): ValidateFunction {
    const key = `${method} ${pathTemplate} ${status}`;
    let fn = cache.get(key);
    if (!fn) {
      const response = doc.paths[pathTemplate]?.[method.toLowerCase()]?.responses?.[String(status)] as
        | { content?: Record<string, { schema?: unknown }> }
        | undefined;
      const schema = response?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`the document declares no JSON schema for ${key}`);
      fn = ajv.compile({ ...(toJsonSchema(schema) as object), definitions });
      cache.set(key, fn);
    }
    return fn;
  }

  /** Validates against a named component schema instead of a response. */
  function compileComponent(name: string): ValidateFunction {
    const key = `#${name}`;
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile({ $ref: `#/definitions/${name}`, definitions });
      cache.set(key, fn);
    }
    return fn;
  }

  const report = (fn: ValidateFunction, body: unknown): SchemaViolation[] =>
    fn(body) ? [] : (fn.errors ?? []).map((e: ErrorObject) => ({ instancePath: e.instancePath, message: e.message ?? e.keyword }));

  return {
    response: (pathTemplate: string, method: string, status: number, body: unknown) => report(compile(pathTemplate, method, status), body),
    component: (name: string, value: unknown) => report(compileComponent(name), value),
  };
}
