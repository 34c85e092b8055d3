/**
 * The JSON container operations against a real daemon, asserting what a user would check:
 * the effect is visible in inspect/list afterwards, errors carry the daemon's status and message.
 */
import { expect, it, vi } from 'vitest';
import { ChangeKind, DockerApiError, createDockerClient } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';

describeLive('containers: JSON operations (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'json');
  const { containers } = tc.client;

  it('list: running only by default, all with all=true, narrowed by a label filter', async () => {
    const stopped = await tc.create({ Labels: { 'org.docktape.case': 'list-stopped' } });
    const running = await tc.create({ Labels: { 'org.docktape.case': 'list-running' } });
    await containers.start(running);
    const mine = { label: [`${TEST_LABEL}=${tc.run}`] };

    const runningOnly = (await containers.list({ filters: mine })).map((c) => c.Id);
    expect(runningOnly).toContain(running);
    expect(runningOnly).not.toContain(stopped);

    const all = (await containers.list({ all: true, filters: mine })).map((c) => c.Id);
    expect(all).toEqual(expect.arrayContaining([running, stopped]));

    const one = await containers.list({ all: true, filters: { label: ['org.docktape.case=list-stopped', `${TEST_LABEL}=${tc.run}`] } });
    expect(one.map((c) => c.Id)).toEqual([stopped]);
  });

  it('create: name, env, labels and memory limit are applied; a name clash is a 409', async () => {
    const name = tc.name('create');
    const id = await tc.create(
      { Env: ['GREETING=hello'], Labels: { tier: 'test' }, HostConfig: { Memory: 64 * 1024 * 1024 } },
      name,
    );
    const info = await containers.inspect(id);
    expect(info.Name).toBe(`/${name}`);
    expect(info.Config?.Env).toContain('GREETING=hello');
    expect(info.Config?.Labels).toMatchObject({ tier: 'test', [TEST_LABEL]: tc.run });
    expect(info.HostConfig?.Memory).toBe(64 * 1024 * 1024);

    const clash = await tc.create({}, name).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(DockerApiError);
    expect(clash).toMatchObject({ status: 409, operationId: 'ContainerCreate', method: 'POST' });
    expect((clash as DockerApiError).daemonMessage).toContain(name);
  });

  it('inspect: full id, short id and name resolve to the same container; unknown is a 404 with the message', async () => {
    const name = tc.name('inspect');
    const id = await tc.create({}, name);
    for (const ref of [id, id.slice(0, 12), name]) {
      expect((await containers.inspect(ref)).Id).toBe(id);
    }
    const missing = await containers.inspect('docktape-no-such-container').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DockerApiError);
    expect(missing).toMatchObject({
      status: 404,
      daemonMessage: 'No such container: docktape-no-such-container',
      path: '/v1.40/containers/docktape-no-such-container/json',
      operationId: 'ContainerInspect',
    });
  });

  it('top: ps_args shape the columns; a stopped container is an error', async () => {
    const id = await tc.create({ Cmd: ['sleep', '301'] });
    await containers.start(id);
    const top = await containers.top(id, { ps_args: '-o pid,args' });
    expect(top.Titles).toEqual(['PID', 'COMMAND']);
    expect(top.Processes?.some((p) => p[1] === 'sleep 301')).toBe(true);

    await containers.kill(id);
    await containers.wait(id);
    const err = await containers.top(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect([409, 500]).toContain((err as DockerApiError).status);
    expect((err as DockerApiError).daemonMessage).toMatch(/is not running/);
  });

  it('changes: null when nothing changed; kinds added (1), modified (0) and deleted (2) after edits', async () => {
    const id = await tc.create({ Cmd: ['sh', '-c', 'echo new > /added.txt; echo x >> /etc/passwd; rm /bin/vi; sleep 300'] });
    expect(await containers.changes(id)).toBeNull();
    await containers.start(id);
    // The shell's edits land some time after start: wait for the last of them to show.
    const changes = await vi.waitFor(
      async () => {
        const list = await containers.changes(id);
        expect(list?.some((c) => c.Path === '/bin/vi')).toBe(true);
        return list!;
      },
      { timeout: 60_000, interval: 100 },
    );
    const kindOf = (path: string) => changes.find((c) => c.Path === path)?.Kind;
    expect(kindOf('/added.txt')).toBe(ChangeKind.Added);
    expect(kindOf('/etc/passwd')).toBe(ChangeKind.Modified);
    expect(kindOf('/bin/vi')).toBe(ChangeKind.Deleted);
  });

  it('start twice: the second is "already-started"; stop twice: the second is "already-stopped"', async () => {
    const id = await tc.create();
    expect(await containers.start(id)).toBe('started');
    expect(await containers.start(id)).toBe('already-started');
    expect((await containers.inspect(id)).State?.Running).toBe(true);
    expect(await containers.stop(id, { t: 1 })).toBe('stopped');
    expect(await containers.stop(id, { t: 1 })).toBe('already-stopped');
    expect((await containers.inspect(id)).State?.Running).toBe(false);
  });

  it('stop sends SIGTERM that the container traps; restart gives a new process', async () => {
    // The trap writes its exit code: 42 proves the signal reached the process, not a SIGKILL.
    const id = await tc.create({ Cmd: ['sh', '-c', 'trap "exit 42" TERM; while true; do sleep 0.1; done'] });
    await containers.start(id);
    const pidBefore = (await containers.inspect(id)).State?.Pid;
    await containers.restart(id, { t: 5 });
    const afterRestart = await containers.inspect(id);
    expect(afterRestart.State?.Running).toBe(true);
    expect(afterRestart.State?.Pid).not.toBe(pidBefore);
    await containers.stop(id, { t: 10 });
    expect((await containers.inspect(id)).State?.ExitCode).toBe(42);
  });

  it('kill with a signal the container traps; kill of a stopped container is a 409', async () => {
    const id = await tc.create({ Cmd: ['sh', '-c', 'trap "exit 7" USR1; while true; do sleep 0.1; done'] });
    await containers.start(id);
    await containers.kill(id, { signal: 'SIGUSR1' });
    expect((await containers.wait(id)).StatusCode).toBe(7);
    const err = await containers.kill(id).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, operationId: 'ContainerKill' });
  });

  it('update: a new memory limit shows in inspect', async () => {
    const id = await tc.create({ HostConfig: { Memory: 64 * 1024 * 1024 } });
    const result = await containers.update(id, { Memory: 96 * 1024 * 1024, MemorySwap: -1 });
    expect(result.Warnings ?? []).toEqual([]);
    expect((await containers.inspect(id)).HostConfig?.Memory).toBe(96 * 1024 * 1024);
  });

  it('rename: the new name resolves, the old does not; a taken name is a 409', async () => {
    const [a, b, renamed] = [tc.name('ren-a'), tc.name('ren-b'), tc.name('ren-new')];
    const id = await tc.create({}, a);
    await tc.create({}, b);
    await containers.rename(id, renamed);
    expect((await containers.inspect(renamed)).Id).toBe(id);
    await expect(containers.inspect(a)).rejects.toMatchObject({ status: 404 });
    await expect(containers.rename(id, b)).rejects.toMatchObject({ status: 409, operationId: 'ContainerRename' });
  });

  it('pause and unpause: State.Paused follows', async () => {
    const id = await tc.create();
    await containers.start(id);
    await containers.pause(id);
    expect((await containers.inspect(id)).State).toMatchObject({ Paused: true, Status: 'paused' });
    await containers.unpause(id);
    expect((await containers.inspect(id)).State).toMatchObject({ Paused: false, Status: 'running' });
  });

  it('wait: exit 3 gives StatusCode 3', async () => {
    const id = await tc.create({ Cmd: ['sh', '-c', 'sleep 0.5; exit 3'] });
    const waiting = containers.wait(id, { condition: 'next-exit' });
    await containers.start(id);
    expect((await waiting).StatusCode).toBe(3);
  });

  it('remove: a running container needs force (409 without); afterwards it is gone', async () => {
    const id = await tc.create();
    await containers.start(id);
    await expect(containers.remove(id)).rejects.toMatchObject({ status: 409, operationId: 'ContainerDelete' });
    await containers.remove(id, { force: true });
    await expect(containers.inspect(id)).rejects.toMatchObject({ status: 404 });
  });

  it('prune by label reports exactly the removed ids; null when none match', async () => {
    const pruneLabel = `org.docktape.prune=${tc.run}`;
    const stopped = [await tc.create({ Labels: { 'org.docktape.prune': tc.run } }), await tc.create({ Labels: { 'org.docktape.prune': tc.run } })];
    const runningId = await tc.create({ Labels: { 'org.docktape.prune': tc.run } });
    await containers.start(runningId);
    const result = await containers.prune({ filters: { label: [pruneLabel] } });
    expect([...(result.ContainersDeleted ?? [])].sort()).toEqual([...stopped].sort());
    expect((await containers.inspect(runningId)).State?.Running).toBe(true);
    const again = await containers.prune({ filters: { label: [pruneLabel] } });
    expect(again.ContainersDeleted).toBeNull();
  });

  it('resize of a TTY container changes the size its processes see', async () => {
    // On SIGWINCH the shell prints `stty size`; a TTY container's logs are the raw terminal output.
    const id = await tc.create({ Tty: true, OpenStdin: true, Cmd: ['sh', '-c', 'trap "stty size" WINCH; while true; do sleep 0.1; done'] });
    await containers.start(id);
    await containers.resize(id, { h: 33, w: 101 });
    // The trap runs when the shell gets round to it: wait for the line, however long that takes.
    await expect
      .poll(async () => (await tc.client.api.GET('/containers/{id}/logs', { params: { path: { id }, query: { stdout: true } }, parseAs: 'text' })).data, {
        timeout: 60_000,
      })
      .toContain('33 101');
    await expect(containers.resize('docktape-no-such-container', { h: 1, w: 1 })).rejects.toMatchObject({ status: 404 });
  });

  it('every call takes an AbortSignal: an aborted wait rejects and the container is unaffected', async () => {
    const id = await tc.create();
    await containers.start(id);
    const ac = new AbortController();
    const waiting = containers.wait(id, {}, { signal: ac.signal });
    await waiting.registered; // aborted while the daemon holds the wait open, not before it was sent
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: expect.stringMatching(/Abort/) });
    expect((await containers.inspect(id)).State?.Running).toBe(true);
  });

  it('a daemon that is not there gives a connection error naming the host tried', async () => {
    const client = createDockerClient({ host: 'unix:///tmp/docktape-no-daemon-here.sock' });
    await expect(client.containers.list()).rejects.toMatchObject({
      name: 'DockerConnectionError',
      host: 'unix:///tmp/docktape-no-daemon-here.sock',
      message: expect.stringContaining('unix:///tmp/docktape-no-daemon-here.sock'),
    });
    await client.close();
  });
});
