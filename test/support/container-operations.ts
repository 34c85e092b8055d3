/**
 * The 25 container operations of ../shared/ENDPOINTS.md are the spec's `Container` tag; which
 * one a recorded exchange is comes from the operation table of @docktape/api.
 */
import { OPERATIONS, operationIdOf } from '@docktape/api';
import type { HarEntry } from '@docktape/recording';

export const CONTAINER_OPERATIONS: readonly string[] = OPERATIONS.filter((row) => row.tag === 'Container').map((row) => row.operationId);

export function operationOf(entry: HarEntry): string | undefined {
  return operationIdOf(entry.request.method, entry.request.url);
}
