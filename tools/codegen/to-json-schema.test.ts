import { describe, expect, it } from 'vitest';
import { toJsonSchema } from './to-json-schema.js';

describe('toJsonSchema', () => {
  it.each([
    ['nullable becomes or-null', { type: 'array', nullable: true, items: { type: 'string' } }, { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] }],
    ['component refs point at definitions', { $ref: '#/components/schemas/Port' }, { $ref: '#/definitions/Port' }],
    ['OpenAPI-only keywords are dropped', { type: 'string', example: 'x', 'x-go-name': 'X', readOnly: true }, { type: 'string' }],
    ['a property named like a keyword is kept', { type: 'object', properties: { example: { type: 'string' } } }, { type: 'object', properties: { example: { type: 'string' } } }],
  ])('%s', (_n, given, want) => expect(toJsonSchema(given)).toEqual(want));
});
