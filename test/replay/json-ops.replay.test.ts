/**
 * The JSON container operations replayed with no daemon, asserting what
 * test/live/containers-json.test.ts asserts against the real one. Names are made afresh on
 * every run and ids are fresh too: the recording's ids and names never reach the test.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeKind } from '@docktape/client';
import { jsonOps } from '../../tools/fixtures/scenarios/index.js';
import { FIXTURES, servedAll, REPLAY_PATHS } from './support/replay-harness.js';

describe.each(REPLAY_PATHS)('json operations replayed through %s', (_path, replay) => {
  it('every operation gives what the daemon gave, under rebound ids and names', async () => {
    const { outcome: o, engine } = await replay(jsonOps);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });

    // fresh ids: the recorded ones are nowhere in what the test saw
    const recording = await readFile(path.join(FIXTURES, 'json-ops/recording.har'), 'utf8');
    expect(o.id).toMatch(/^[0-9a-f]{64}$/);
    expect(recording).not.toContain(o.id);
    expect(recording).not.toContain(o.names.first);

    expect(o.clash).toMatchObject({ status: 409, operationId: 'ContainerCreate' });
    expect((o.clash as { message: string }).message).toContain(o.names.first);
    expect(o.inspected).toEqual({ byId: o.id, byShort: o.id, byName: o.id, name: `/${o.names.first}`, running: false, memory: 64 * 1024 * 1024 });
    expect(o.missing).toEqual({ status: 404, message: 'No such container: docktape-no-such-container', operationId: 'ContainerInspect' });
    expect(o.changesBefore).toBeNull();

    expect(o.start).toEqual(['started', 'already-started']);
    expect(o.afterStart.running).toBe(true);
    expect(o.listed).toEqual([{ id: o.id, names: [`/${o.names.first}`] }]);
    expect(o.top.titles).toEqual(['PID', 'COMMAND']);
    expect(o.top.commands?.some((c) => c?.includes('trap "exit 7" USR1'))).toBe(true);

    expect(o.paused).toEqual({ paused: true, status: 'paused' });
    expect(o.unpaused).toEqual({ paused: false, status: 'running' });
    expect(o.update).toEqual([]);
    expect(o.memoryAfterUpdate).toBe(96 * 1024 * 1024);

    expect(o.byNewName).toBe(o.id);
    expect(o.oldName).toMatchObject({ status: 404 });
    expect(o.renameClash).toMatchObject({ status: 409, operationId: 'ContainerRename' });
    expect(o.afterRestart.running).toBe(true);
    expect(o.afterRestart.pid).not.toBe(o.afterStart.pid);

    expect(o.waited.StatusCode).toBe(7);
    expect(o.killStopped).toMatchObject({ status: 409, operationId: 'ContainerKill' });
    expect(o.stop).toEqual(['stopped', 'already-stopped']);
    expect(o.topStopped).toMatchObject({ message: expect.stringMatching(/is not running/) });
    expect([409, 500]).toContain((o.topStopped as { status: number }).status);

    const kindOf = (p: string) => o.changes.find((c) => c.path === p)?.kind;
    expect(kindOf('/added.txt')).toBe(ChangeKind.Added);
    expect(kindOf('/etc/passwd')).toBe(ChangeKind.Modified);
    expect(kindOf('/bin/vi')).toBe(ChangeKind.Deleted);

    expect(o.removeRunning).toMatchObject({ status: 409, operationId: 'ContainerDelete' });
    expect(o.removedInspect).toMatchObject({ status: 404 });
    expect(o.pruned.deleted).toEqual(expect.arrayContaining([o.id, o.otherId]));
    expect(o.afterPrune).toEqual([]);
  });
});
