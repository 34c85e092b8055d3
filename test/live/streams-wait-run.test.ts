/**
 * Two-phase wait and run() against a real daemon: the wait is registered before the start, so a
 * container that exits at once can never be missed.
 */
import { expect, it } from 'vitest';
import { DockerApiError } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';

describeLive('streams: wait and run (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'streams-wait');
  const { containers } = tc.client;
  const image = daemon.image;

  it('wait is registered before the start, then resolves with the exit code', async () => {
    const id = await tc.create({ Cmd: ['sh', '-c', 'exit 3'] });
    const handle = containers.wait(id, { condition: 'next-exit' });
    await handle.registered;
    expect((await containers.inspect(id)).State?.Status).toBe('created');
    await containers.start(id);
    // `Error` is null on success, as the daemon sends it (erratum nullable-wait-error).
    expect(await handle.result).toEqual({ StatusCode: 3, Error: null });
  });

  it('wait reports a kill as 137; an unknown container is a 404', async () => {
    const id = await tc.create();
    await containers.start(id);
    const handle = containers.wait(id);
    await handle.registered;
    await containers.kill(id);
    expect((await handle).StatusCode).toBe(137);

    const missing = containers.wait('dt-no-such-container');
    await expect(missing.registered).rejects.toBeInstanceOf(DockerApiError);
    await expect(missing.result).rejects.toMatchObject({ status: 404, operationId: 'ContainerWait' });
  });

  it('run: exit 3 gives 3, with stdout and stderr apart, and removes the container', async () => {
    const r = await containers.run({ Image: image, Cmd: ['sh', '-c', 'echo hi; echo oops >&2; exit 3'], Labels: tc.labels });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'hi\n', stderr: 'oops\n', error: undefined });
    const gone = await containers.inspect(r.id).catch((e: unknown) => e);
    expect(gone).toMatchObject({ status: 404 });
  });

  it('run: a TTY container gives its output raw', async () => {
    const r = await containers.run({ Image: image, Tty: true, Cmd: ['sh', '-c', 'echo tty'], Labels: tc.labels });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'tty\r\n', stderr: '' });
  });

  it("run: a start that fails is the start's DockerApiError", async () => {
    const err = await containers.run({ Image: image, Cmd: ['/no/such/binary'], Labels: tc.labels }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect((err as DockerApiError).operationId).toBe('ContainerStart');
  });

  it('50 back-to-back runs of containers that exit at once: none hangs, every exit code is right', async () => {
    for (let i = 0; i < 50; i++) {
      const r = await containers.run({ Image: image, Cmd: ['sh', '-c', `echo run-${i}; exit ${i % 5}`], Labels: tc.labels });
      expect({ i, exitCode: r.exitCode, stdout: r.stdout }).toEqual({ i, exitCode: i % 5, stdout: `run-${i}\n` });
    }
  }, 180_000);
});
