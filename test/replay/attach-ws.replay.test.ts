/** websocket attach replayed through msw's `ws` API and through the replay daemon. */
import { describe, expect, it } from 'vitest';
import { attachWs } from '../../tools/fixtures/scenarios/index.js';
import { servedAll, REPLAY_PATHS } from './support/replay-harness.js';

describe.each(REPLAY_PATHS)('attach/ws replayed through %s', (_path, replay) => {
  it('what is sent to cat comes back', async () => {
    const { outcome: o, engine } = await replay(attachWs);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(o.echoed).toBe('ping over ws\n');
  });
});
