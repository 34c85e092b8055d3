/** The shape of generated/response-schemas.ts: JSON Schema draft-07, for ajv. */
export interface ResponseSchemas {
  /** The spec's component schemas; response schemas refer to them as `#/definitions/<name>`. */
  definitions: Record<string, unknown>;
  /** operationId -> status ('200', '404', 'default') -> schema of the application/json body. */
  responses: Record<string, Record<string, unknown>>;
}
