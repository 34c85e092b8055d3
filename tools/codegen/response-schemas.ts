/**
 * The JSON Schemas (draft-07, for ajv) of every JSON response the patched document declares,
 * keyed by operationId and status, with the component schemas as shared `definitions`: what
 * conformance checking of live or recorded traffic validates against. Pure.
 */
import { toJsonSchema } from './to-json-schema.js';

export interface ResponseSchemas {
  definitions: Record<string, unknown>;
  /** operationId -> status ('200', '404', 'default') -> schema of the application/json body. */
  responses: Record<string, Record<string, unknown>>;
}

type Operation = { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

export function responseSchemas(document: Record<string, unknown>): ResponseSchemas {
  const doc = document as { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: unknown } };
  const responses: ResponseSchemas['responses'] = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      if (!op?.operationId || !op.responses) continue;
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (schema === undefined) continue;
        (responses[op.operationId] ??= {})[status] = toJsonSchema(schema);
      }
    }
  }
  return { definitions: toJsonSchema(doc.components?.schemas ?? {}) as Record<string, unknown>, responses };
}
