import { describe, expect, it } from 'vitest';
import { normalizeCliOutput } from '../../tools/fixtures/cli-session/normalize-output.js';

describe('normalizeCliOutput (what may differ between two docker CLI runs)', () => {
  it.each([
    ['ids', 'abc 0123456789ab and ' + 'f'.repeat(64), 'abc <id> and <id>'],
    ['relative times, singular and plural', '1 second ago, 12 seconds ago, Less than a second ago, About a minute ago', '<ago>, <ago>, <ago>, <ago>'],
    ['uptimes', 'Up 1 second (Paused) | Up 5 seconds | Up About a minute', 'Up <duration> (Paused) | Up <duration> | Up <duration>'],
    ['timestamps and addresses', '2024-01-02T03:04:05.123456789Z 172.17.0.2 02:42:ac:11:00:02', '<time> <ip> <mac>'],
    ['column padding', 'a     b\t\tc', 'a b c'],
  ])('%s', (_name, given, want) => expect(normalizeCliOutput(given, {})).toBe(want));

  it('replaces run-specific names', () => {
    expect(normalizeCliOutput('dtcdabc-main exited', { dtcdabc: '<prefix>' })).toBe('<prefix>-main exited');
  });
});
