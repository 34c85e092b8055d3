/** Type helpers that read parameter and result types of an operation out of the generated spec. */
import type { components, operations } from '@docktape/api';

export type OperationId = keyof operations;
export type Schemas = components['schemas'];

export type QueryOf<K extends OperationId> = NonNullable<operations[K]['parameters']['query']>;

export type JsonBodyOf<K extends OperationId> = operations[K] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type JsonResultOf<K extends OperationId, S extends number = 200> = operations[K]['responses'] extends {
  [P in S]: { content: { 'application/json': infer R } };
}
  ? R
  : never;

/** Options every call takes. */
export interface CallOptions {
  /** Aborts the request (and closes its connection). */
  signal?: AbortSignal;
}

/** `filters` as the daemon wants it (a JSON-encoded map), or as a plain map we encode. */
export type Filters = Record<string, string[]> | string;
