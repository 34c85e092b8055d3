/**
 * Hijacked attach replayed through the replay daemon (msw cannot carry an `Upgrade: tcp`
 * stream): stdin echoed by `cat`, half-close gives all output and exit 0, TTY resize.
 */
import { describe, expect, it } from 'vitest';
import { attach } from '../../tools/fixtures/scenarios/index.js';
import { daemonReplay, servedAll } from './support/replay-harness.js';

describe('attach replayed through the replay daemon', () => {
  it('echo through cat, half-close, exit 0; a resized TTY prints its new size', async () => {
    const { outcome: o, engine } = await daemonReplay(attach);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(o).toEqual({ echoed: 'hello\nworld\n', streams: ['stdout'], exit: 0, tty: '33 101\r\n' });
  });

  it('holds the echo back until the client has sent what it echoes', async () => {
    const { outcome: o } = await daemonReplay(attach, { timing: { scale: 0.05 } });
    expect(o.echoed).toBe('hello\nworld\n');
  });
});
