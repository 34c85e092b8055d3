import { expect, it } from 'vitest';
import { errorBody, errorMessageOf } from './error-body.js';

it('errorBody is the daemon JSON with a newline, and errorMessageOf reads it back', () => {
  const body = errorBody('No such container: "x"');
  expect(body).toBe('{"message":"No such container: \\"x\\""}\n');
  expect(errorMessageOf(JSON.parse(body))).toBe('No such container: "x"');
});

it.each([[null], ['text'], [{ message: 3 }], [{}], [[{ message: 'x' }]]])('errorMessageOf(%j) is undefined', (body) => {
  expect(errorMessageOf(body)).toBeUndefined();
});
