/**
 * Turns OpenAPI 3.0 schemas into JSON Schema draft-07 that a validator (ajv) understands:
 * `nullable: true` becomes "or null", component refs point at `definitions`, and OpenAPI-only
 * keywords (examples, x- extensions, discriminator, readOnly...) are dropped. Pure.
 */
const DROP = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'readOnly', 'writeOnly', 'deprecated']);

export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', '#/definitions/')
        : key === 'properties' || key === 'definitions'
          ? mapValues(value as Record<string, unknown>, toJsonSchema)
          : toJsonSchema(value);
  }
  if ((schema as { nullable?: unknown }).nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

function mapValues(obj: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
