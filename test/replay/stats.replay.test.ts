/** Stats replayed with no daemon, asserting what test/live/streams-stats asserts. */
import { describe, expect, it } from 'vitest';
import { stats } from '../../tools/fixtures/scenarios/index.js';
import { servedAll, REPLAY_PATHS } from './support/replay-harness.js';

describe.each(REPLAY_PATHS)('stats replayed through %s', (_path, replay) => {
  it('one sample with stream=false; a stream of samples with increasing read times', async () => {
    const { outcome: o, engine } = await replay(stats);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(Number.isNaN(Date.parse(o.once.read))).toBe(false);
    expect(o.once.hasCpu).toBe(true);
    expect(o.once.memory?.used).toBeGreaterThan(0);
    expect(o.stream).toHaveLength(2);
    expect(Date.parse(o.stream[1]!.read)).toBeGreaterThan(Date.parse(o.stream[0]!.read));
    expect(o.stream[1]!.memory?.used).toBeGreaterThan(0);
  });
});
