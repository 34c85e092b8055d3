import { describe, expect, it } from 'vitest';
import { ReplayError } from '../replay-error.js';
import { tapeMode } from './tape-mode.js';

describe('tapeMode', () => {
  it.each([
    ['unset: replay', {}, 'replay'],
    ['empty: replay', { DOCKTAPE_MODE: '' }, 'replay'],
    ['record', { DOCKTAPE_MODE: 'record' }, 'record'],
    ['live, any case and spaces', { DOCKTAPE_MODE: ' LIVE ' }, 'live'],
    ['replay', { DOCKTAPE_MODE: 'replay' }, 'replay'],
  ])('%s', (_name, env, want) => expect(tapeMode(env)).toBe(want));

  it('takes a fallback for an unset variable', () => expect(tapeMode({}, 'live')).toBe('live'));

  it('refuses a typo, naming the modes', () => {
    expect(() => tapeMode({ DOCKTAPE_MODE: 'recrod' })).toThrow(ReplayError);
    expect(() => tapeMode({ DOCKTAPE_MODE: 'recrod' })).toThrow('DOCKTAPE_MODE=recrod is not a mode: use record, replay, live');
  });
});
