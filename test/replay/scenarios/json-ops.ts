/**
 * The JSON container operations: list, create (and a name clash), inspect by id / short id /
 * name, top, changes, start/stop twice (304), pause/unpause, update, rename (and a clash),
 * restart, kill with a signal (and on a stopped container), wait, delete (and of a running
 * container without force), prune.
 */
import { FIXTURE_LABEL, failure, type Scenario } from './scenario.js';

/**
 * Asks again until `probe` has an answer. The daemon has no event for "the container's edits
 * are on disk", so polling is the only way to see it; the bound is for a broken daemon, sized
 * for a loaded machine. (Plain code: scenarios also run outside vitest, when recording.)
 */
async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > giveUp) throw new Error(`condition not reached in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const jsonOps = {
  name: 'json-ops',
  async run({ client, image, name, labels }) {
    const c = client.containers;
    const mine = { label: [`${FIXTURE_LABEL}=${labels[FIXTURE_LABEL]}`] };
    const first = name('json');
    const body = { Image: image, Labels: labels, Cmd: ['sh', '-c', 'trap "exit 7" USR1; while true; do sleep 0.1; done'], HostConfig: { Memory: 64 * 1024 * 1024 } };
    const created = await c.create(body, { name: first });
    const id = created.Id;
    const clash = await failure(c.create(body, { name: first }));

    const byId = await c.inspect(id);
    const byShort = await c.inspect(id.slice(0, 12));
    const byName = await c.inspect(first);
    const missing = await failure(c.inspect('docktape-no-such-container'));
    const changesBefore = await c.changes(id);

    const start1 = await c.start(id);
    const start2 = await c.start(id);
    const afterStart = await c.inspect(id);
    const listed = await c.list({ filters: mine });
    const top = await c.top(id, { ps_args: '-o pid,args' });

    await c.pause(id);
    const paused = (await c.inspect(id)).State;
    await c.unpause(id);
    const unpaused = (await c.inspect(id)).State;

    const update = await c.update(id, { Memory: 96 * 1024 * 1024, MemorySwap: -1 });
    const memoryAfterUpdate = (await c.inspect(id)).HostConfig?.Memory;

    const renamed = name('json-renamed');
    await c.rename(id, renamed);
    const byNewName = (await c.inspect(renamed)).Id;
    const oldName = await failure(c.inspect(first));
    const other = name('json-other');
    const otherId = (await c.create({ Image: image, Labels: labels, Cmd: ['true'] }, { name: other })).Id;
    const renameClash = await failure(c.rename(id, other));

    const pidBefore = afterStart.State?.Pid;
    await c.restart(id, { t: 1 });
    const afterRestart = (await c.inspect(id)).State;

    await c.kill(id, { signal: 'SIGUSR1' });
    const waited = await c.wait(id);
    const killStopped = await failure(c.kill(id));
    const stop2 = await c.stop(id, { t: 1 });
    const topStopped = await failure(c.top(id));

    // Filesystem changes of a container that edits files (polled until all three show).
    const editor = (
      await c.create({ Image: image, Labels: labels, Cmd: ['sh', '-c', 'echo new > /added.txt; echo x >> /etc/passwd; rm /bin/vi; sleep 300'] })
    ).Id;
    await c.start(editor);
    const changes = await poll(async () => {
      const list = await c.changes(editor);
      return list && list.some((ch) => ch.Path === '/bin/vi') && list.some((ch) => ch.Path === '/added.txt') ? list : undefined;
    });
    const removeRunning = await failure(c.remove(editor));
    const stop1 = await c.stop(editor, { t: 1 });
    await c.remove(editor);
    const removedInspect = await failure(c.inspect(editor));

    // Leaves `id` and `otherId` stopped: prune takes exactly those.
    const pruned = await c.prune({ filters: mine });
    const afterPrune = await c.list({ all: true, filters: mine });

    return {
      id,
      otherId,
      names: { first, renamed, other },
      warnings: created.Warnings,
      clash,
      inspected: { byId: byId.Id, byShort: byShort.Id, byName: byName.Id, name: byName.Name, running: byId.State?.Running, memory: byId.HostConfig?.Memory },
      missing,
      changesBefore,
      start: [start1, start2],
      afterStart: { running: afterStart.State?.Running, pid: pidBefore },
      listed: listed.map((x) => ({ id: x.Id, names: x.Names })),
      top: { titles: top.Titles, commands: top.Processes?.map((p) => p[1]) },
      paused: { paused: paused?.Paused, status: paused?.Status },
      unpaused: { paused: unpaused?.Paused, status: unpaused?.Status },
      update: update.Warnings ?? [],
      memoryAfterUpdate,
      byNewName,
      oldName,
      renameClash,
      afterRestart: { running: afterRestart?.Running, pid: afterRestart?.Pid },
      waited,
      killStopped,
      stop: [stop1, stop2],
      topStopped,
      changes: changes.map((ch) => ({ path: ch.Path, kind: ch.Kind })),
      removeRunning,
      removedInspect,
      pruned: { deleted: pruned.ContainersDeleted ?? null, space: pruned.SpaceReclaimed },
      afterPrune: afterPrune.map((x) => x.Id),
    };
  },
} satisfies Scenario;
