export type { paths, components, operations } from './generated/docker-api.js';
export { OPERATIONS, API_VERSION } from './generated/operations.js';
export { RESPONSE_SCHEMAS } from './generated/response-schemas.js';
export type { OperationRow, Transport } from './operation-row.js';
export type { ResponseSchemas } from './response-schema-types.js';
export { findOperation, operationIdOf, operationById, type OperationMatch } from './operation-of.js';
export { splitApiVersion, versionedPath, type VersionedPath } from './api-version.js';
export { errorBody, errorMessageOf } from './error-body.js';
