export { ConformanceChecker, checkResponse, MAX_VIOLATIONS, type ConformanceReport, type ResponseToCheck } from './check-response.js';
export { isJsonMediaType, parseJsonBody, type ParsedBody } from './response-body.js';
export { shortJson, atPointer, SHOWN_LIMIT } from './violation-text.js';
export type { ConformanceRecord, ConformanceViolation, ConformanceOutcome } from '@docktape/recording';
