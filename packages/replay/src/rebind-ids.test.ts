import { describe, expect, it } from 'vitest';
import { Rebinder } from './rebind-ids.js';

const REC = 'a'.repeat(60) + '1234';
const LIVE = 'b'.repeat(60) + '5678';

describe('Rebinder', () => {
  const cases: [string, { setup: (r: Rebinder) => void; way: 'toLive' | 'toRecorded'; given: string; want: string }][] = [
    ['full id to live', { setup: (r) => r.bindId(REC), way: 'toLive', given: `{"Id":"${REC}"}`, want: `{"Id":"${LIVE}"}` }],
    ['short id in a path to recorded', { setup: (r) => r.bindId(REC), way: 'toRecorded', given: `/containers/${LIVE.slice(0, 12)}/json`, want: `/containers/${REC.slice(0, 12)}/json` }],
    ['full id in a message', { setup: (r) => r.bindId(REC), way: 'toLive', given: `No such container: ${REC}`, want: `No such container: ${LIVE}` }],
    ['name with a slash prefix', { setup: (r) => r.bindName('dt-x-1111', 'dt-x-2222'), way: 'toLive', given: '{"Name":"/dt-x-1111"}', want: '{"Name":"/dt-x-2222"}' }],
    ['name only as a whole token', { setup: (r) => r.bindName('dt-x', 'dt-y'), way: 'toLive', given: 'dt-x dt-x-2 adt-x', want: 'dt-y dt-x-2 adt-x' }],
    ['unbound text untouched', { setup: () => undefined, way: 'toLive', given: `{"Id":"${REC}"}`, want: `{"Id":"${REC}"}` }],
  ];
  it.each(cases)('%s', (_name, { setup, way, given, want }) => {
    const r = new Rebinder('fresh', () => LIVE);
    setup(r);
    expect(r[way](given)).toBe(want);
  });

  it('keeps recorded ids in "recorded" mode', () => {
    const r = new Rebinder('recorded');
    expect(r.bindId(REC)).toBe(REC);
    expect(r.toLive(REC)).toBe(REC);
  });

  it('binds an id once', () => {
    let n = 0;
    const r = new Rebinder('fresh', () => String(n++).padStart(64, 'c'));
    expect(r.bindId(REC)).toBe(r.bindId(REC));
  });
});
