/**
 * Regression (issue 12): attach/ws through msw failed in a shared fork when an earlier file's
 * msw server had listened before a global WebSocket existed (support/global-websocket.ts says
 * why). The replay project installs one before any file runs; this file starts a plain msw
 * replay first, as those files did, then replays attach/ws through msw in the same process.
 */
import { describe, expect, it } from 'vitest';
import { attachWs, logsWait } from '../../tools/fixtures/scenarios/index.js';
import { engineFor, mswReplay, replayClient, servedAll } from './support/replay-harness.js';

// read before anything in this file could install one
const globalWebSocketAtImport = typeof (globalThis as { WebSocket?: unknown }).WebSocket;

describe('msw websocket replay after another msw server in the same process', () => {
  it('a global WebSocket exists before any msw server listens', () => {
    expect(globalWebSocketAtImport).toBe('function');
  });

  it('attach/ws replays after a server for another recording listened and closed', async () => {
    const other = await replayClient('msw', await engineFor(logsWait));
    await other.close();
    const { outcome, engine } = await mswReplay(attachWs);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(outcome.echoed).toBe('ping over ws\n');
  });
});
