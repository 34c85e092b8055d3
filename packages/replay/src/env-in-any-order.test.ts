import { describe, expect, it } from 'vitest';
import { envDifferences, envEndpoint, takeEnvDifferences } from './env-in-any-order.js';

describe('envDifferences', () => {
  const cases: [string, { live: string[]; recorded: string[]; redacted?: number[]; want: string[] }][] = [
    ['same order', { live: ['A=1', 'B=2'], recorded: ['A=1', 'B=2'], want: [] }],
    ['another order (the docker CLI sends -e values in Go map order)', { live: ['C=3', 'A=1', 'B=2'], recorded: ['A=1', 'B=2', 'C=3'], want: [] }],
    ['both empty', { live: [], recorded: [], want: [] }],
    ['a name without a value', { live: ['PATH', 'A=1'], recorded: ['A=1', 'PATH'], want: [] }],
    ['one value differs, in another order: named at its recorded index', { live: ['B=2', 'A=9'], recorded: ['A=1', 'B=2'], want: ['Env[0]: "A=9", recorded "A=1"'] }],
    ['an entry sent, not recorded', { live: ['B=2', 'X=1', 'A=1'], recorded: ['A=1', 'B=2'], want: ['Env: "X=1" sent, not in the recording'] }],
    ['an entry recorded, not sent', { live: ['B=2'], recorded: ['A=1', 'B=2'], want: ['Env[0]: recorded as "A=1", not sent'] }],
    ['other names on both sides', { live: ['C=3', 'A=1'], recorded: ['A=1', 'B=2'], want: ['Env: "C=3" sent, not in the recording', 'Env[1]: recorded as "B=2", not sent'] }],
    ['a repeated entry counts twice', { live: ['A=1', 'A=1'], recorded: ['A=1'], want: ['Env: "A=1" sent, not in the recording'] }],
    ['a redacted value pairs with the entry of its name', { live: ['A=1', 'DB_PASSWORD=hunter2'], recorded: ['DB_PASSWORD=[redacted by docktape]', 'A=1'], redacted: [0], want: [] }],
    [
      'an equal entry is paired before a redacted one takes it',
      { live: ['K=x', 'K=secret'], recorded: ['K=[redacted by docktape]', 'K=x'], redacted: [0], want: [] },
    ],
    ['a redacted entry whose name was not sent', { live: ['A=1'], recorded: ['A=1', 'TOKEN=[redacted by docktape]'], redacted: [1], want: ['Env[1]: recorded as "TOKEN=[redacted by docktape]", not sent'] }],
  ];
  it.each(cases)('%s', (_name, { live, recorded, redacted, want }) => {
    expect(envDifferences(live, recorded, new Set(redacted))).toEqual(want);
  });
});

describe('takeEnvDifferences', () => {
  it('takes Env out of both bodies and compares it; redacted pointers name recorded indexes', () => {
    const live = { Image: 'busybox', Env: ['B=2', 'S=secret', 'A=1'] };
    const recorded = { Image: 'busybox', Env: ['A=1', 'B=2', 'S=[redacted by docktape]'] };
    expect(takeEnvDifferences(live, recorded, ['/Env/2', '/HostConfig/Binds/0'])).toEqual([]);
    expect(live).toEqual({ Image: 'busybox' });
    expect(recorded).toEqual({ Image: 'busybox' });
  });

  const untouched: [string, unknown, unknown][] = [
    ['Env null on one side', { Env: null }, { Env: ['A=1'] }],
    ['no Env', { Image: 'x' }, { Env: [] }],
    ['not a list of strings', { Env: [1] }, { Env: ['1'] }],
    ['not an object', ['A=1'], { Env: ['A=1'] }],
  ];
  it.each(untouched)('%s: left to the structural comparison', (_name, live, recorded) => {
    const before = JSON.stringify([live, recorded]);
    expect(takeEnvDifferences(live, recorded, [])).toBeUndefined();
    expect(JSON.stringify([live, recorded])).toBe(before);
  });
});

describe('envEndpoint', () => {
  const cases: [string, string, boolean][] = [
    ['POST', '/containers/create', true],
    ['POST', '/containers/dtr-main/exec', true],
    ['POST', '/containers/abc/start', false],
    ['GET', '/containers/create', false],
    ['POST', '/exec/abc/start', false],
  ];
  it.each(cases)('%s %s: %s', (method, path, want) => {
    expect(envEndpoint(method, path)).toBe(want);
  });
});
