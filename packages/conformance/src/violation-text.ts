/**
 * Turns ajv's errors into violations a person reads: where (a JSON pointer), what was expected,
 * what came, both cut short so one huge value (a container's whole environment) cannot flood an
 * audit line. Pure.
 */
import type { ErrorObject } from 'ajv';
import type { ConformanceViolation } from '@docktape/recording';

export const SHOWN_LIMIT = 80;

/** A value as JSON, cut at `limit` characters with an ellipsis. */
export function shortJson(value: unknown, limit = SHOWN_LIMIT): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The value at a JSON pointer (RFC 6901) inside `root`, or undefined. */
export function atPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let here: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

function expected(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return String(p.type);
    case 'enum':
      return `one of ${shortJson(p.allowedValues)}`;
    case 'required':
      return `a property ${shortJson(p.missingProperty)}`;
    case 'const':
      return shortJson(p.allowedValue);
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * One violation per ajv error. A missing property is located at the property itself (the
 * pointer a reader looks for), not at its parent as ajv reports it.
 */
export function toViolation(error: ErrorObject, body: unknown, linePrefix = ''): ConformanceViolation {
  const missing = error.keyword === 'required' ? String((error.params as { missingProperty: string }).missingProperty) : undefined;
  const location = missing === undefined ? error.instancePath : `${error.instancePath}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const actual = missing === undefined ? shortJson(atPointer(body, error.instancePath)) : 'nothing';
  return {
    location,
    severity: 'error',
    code: error.keyword,
    message: `${linePrefix}expected ${expected(error)}, got ${actual}`,
  };
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/**
 * Nullable fields are `anyOf: [schema, {type: null}]` in the generated schemas, and with
 * `allErrors` ajv reports every branch: the real break (`/State/Pid` not an integer), the null
 * branch (`/State` is not null) and the `anyOf` itself. Only the first says anything; the other
 * two are dropped when an error at or below the same place remains.
 */
export function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const isNullBranch = (e: ErrorObject) => e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null';
  const real = errors.filter((e) => e.keyword !== 'anyOf' && !isNullBranch(e));
  return errors.filter((e) => {
    if (e.keyword !== 'anyOf' && !isNullBranch(e)) return true;
    return !real.some((r) => within(r.instancePath, e.instancePath));
  });
}
