import { describe, expect, it } from 'vitest';
import { progressLine, PROGRESS_MIN_BYTES } from './transfer-progress.js';

const MiB = 1024 * 1024;

describe('progressLine', () => {
  it('says nothing while every transfer is small', () => {
    expect(progressLine([{ method: 'GET', url: '/v1.40/containers/json', bytes: 2048, elapsedMs: 3 }])).toBe('');
  });
  it('names the largest transfer, its size and rate, and how many more there are', () => {
    const line = progressLine([
      { method: 'GET', url: '/v1.40/containers/a/export', bytes: 312 * MiB, elapsedMs: 2000 },
      { method: 'PUT', url: '/v1.40/containers/b/archive?path=/tmp', bytes: PROGRESS_MIN_BYTES, elapsedMs: 100 },
    ]);
    expect(line).toBe('↓ GET /v1.40/containers/a/export  312.0 MiB  156.0 MiB/s  (+1 more)');
  });
  it('cuts a long path from the left to fit the terminal', () => {
    const line = progressLine([{ method: 'GET', url: `/v1.40/containers/${'x'.repeat(200)}/export`, bytes: 10 * MiB, elapsedMs: 1000 }], 60);
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line).toContain('…');
    expect(line).toMatch(/x\/export {2}10\.0 MiB/);
  });
});
