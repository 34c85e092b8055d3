/**
 * Logs against a real daemon: demultiplexing separates stdout from stderr exactly, follow streams
 * lines as they are written and stops on abort, TTY logs come back raw, tail and timestamps work.
 */
import { expect, it } from 'vitest';
import { DockerApiError, type Frame } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';

const text = (f: Frame) => new TextDecoder().decode(f.data);

describeLive('streams: logs (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'streams-logs');
  const { containers } = tc.client;

  /** Creates, starts and waits for a container that exits by itself. */
  async function ranToEnd(body: Parameters<typeof tc.create>[0]): Promise<string> {
    const id = await tc.create(body);
    const wait = containers.wait(id, { condition: 'next-exit' });
    await wait.registered;
    await containers.start(id);
    expect((await wait).StatusCode).toBe(0);
    return id;
  }

  it('separates stdout and stderr exactly (TTY found by inspect, or given)', async () => {
    const id = await ranToEnd({ Cmd: ['sh', '-c', 'echo out; echo err >&2'] });
    expect(await containers.logs(id).text()).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(await containers.logs(id, { tty: false }).text()).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(await containers.logs(id, { stderr: false }).text()).toEqual({ stdout: 'out\n', stderr: '' });
  });

  it('follow yields lines while they are produced; abort ends the iteration and the connection', async () => {
    // The container never stops writing, so lines that arrive at all were streamed (a body
    // buffered until its end would never come), and a loop that ends was ended by the abort.
    const id = await tc.create({ Cmd: ['sh', '-c', 'i=0; while true; do echo line$i; i=$((i+1)); sleep 0.3; done'] });
    await containers.start(id);
    const abort = new AbortController();
    const lines: string[] = [];
    let framesAfterAbort = 0;
    for await (const frame of containers.logs(id, { follow: true, signal: abort.signal })) {
      if (abort.signal.aborted) framesAfterAbort++;
      for (const line of text(frame).split('\n').filter(Boolean)) lines.push(line);
      if (lines.length >= 4) abort.abort();
    }
    expect(lines.slice(0, 4)).toEqual(['line0', 'line1', 'line2', 'line3']);
    expect(framesAfterAbort).toBe(0);
    expect((await containers.inspect(id)).State?.Running).toBe(true);
  });

  it('a TTY container gives raw bytes (CRLF from the terminal, no frame headers), all as stdout', async () => {
    const id = await ranToEnd({ Tty: true, Cmd: ['sh', '-c', 'echo out; echo err >&2'] });
    expect(await containers.logs(id).text()).toEqual({ stdout: 'out\r\nerr\r\n', stderr: '' });
  });

  it('tail keeps the last lines; timestamps prefix each line with its RFC 3339 time', async () => {
    const id = await ranToEnd({ Cmd: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do echo l$i; done'] });
    expect((await containers.logs(id, { tail: 3 }).text()).stdout).toBe('l8\nl9\nl10\n');
    expect((await containers.logs(id, { tail: 'all' }).text()).stdout.split('\n')).toHaveLength(11);

    // Each stamp lies between the container's creation (the daemon's clock: StartedAt can come
    // after the first write, FinishedAt before the last line is copied) and this request, sent
    // after the container had exited. One host, one clock; no elapsed time is measured.
    const created = Date.parse((await containers.inspect(id)).Created!);
    const asked = Date.now();
    const lines = (await containers.logs(id, { timestamps: true, tail: 2 }).text()).stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const [i, line] of lines.entries()) {
      const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z) (l\d+)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(m![2]).toBe(`l${9 + i}`);
      // (Date.parse keeps milliseconds of the daemon's nanoseconds, hence the 1 ms.)
      const at = Date.parse(m![1]!);
      expect(at).toBeGreaterThanOrEqual(created - 1);
      expect(at).toBeLessThanOrEqual(asked);
    }
  });

  it('since and until cut by time', async () => {
    const id = await ranToEnd({ Cmd: ['sh', '-c', 'echo early; sleep 2; echo late'] });
    const stamped = (await containers.logs(id, { timestamps: true }).text()).stdout.trimEnd().split('\n');
    const [earlyAt, lateAt] = stamped.map((line) => Date.parse(line.split(' ')[0]!)) as [number, number];
    // At least 2 s apart (the container slept between them): cut in the middle.
    const between = new Date((earlyAt + lateAt) / 2);
    expect((await containers.logs(id, { since: between }).text()).stdout).toBe('late\n');
    expect((await containers.logs(id, { until: between }).text()).stdout).toBe('early\n');
  });

  it('an unknown container is a 404 DockerApiError when iteration starts', async () => {
    const err = await containers.logs('dt-no-such-container', { tty: false }).text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect(err).toMatchObject({ status: 404, operationId: 'ContainerLogs', method: 'GET' });
    expect((err as DockerApiError).daemonMessage).toContain('dt-no-such-container');
  });
});
