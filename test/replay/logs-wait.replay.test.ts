/** Logs and wait replayed with no daemon, asserting what test/live/streams-logs and streams-wait-run assert. */
import { describe, expect, it } from 'vitest';
import { logsWait } from '../../tools/fixtures/scenarios/index.js';
import { daemonReplay, mswReplay, servedAll } from './support/replay-harness.js';

// One path replays at a fiftieth of the recorded pace (still paced, in a fraction of the time), the other as fast as it can (chunk
// boundaries only). That the pace is kept is proven on a fake clock in
// packages/replay/src/timing.test.ts, not by timing this run.
describe.each([
  ['msw', mswReplay, { scale: 0.02 }],
  ['replay daemon', daemonReplay, 'none'],
] as const)('logs and wait replayed through %s', (_path, replay, timing) => {
  it('demultiplexed text, raw TTY logs, tail, timestamps, follow and exit codes', async () => {
    const { outcome: o, engine } = await replay(logsWait, { timing });
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(o.plain).toBe(0);
    expect(o.both).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(o.stdoutOnly).toEqual({ stdout: 'out\n', stderr: '' });
    expect(o.ttyLogs).toEqual({ stdout: 'out\r\nerr\r\n', stderr: '' });
    expect(o.tail3).toBe('l8\nl9\nl10\n');
    const stamped = o.stamped.trimEnd().split('\n');
    expect(stamped).toHaveLength(2);
    stamped.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z l${9 + i}$`)));
    expect(o.followed).toEqual(['line0', 'line1', 'line2', 'line3']);
    expect(o.run).toEqual({ exitCode: 3, stdout: 'bye\n', stderr: '' });
  });
});
