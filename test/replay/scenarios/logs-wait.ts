/**
 * Logs (demultiplexed, TTY raw, tail, timestamps, follow) and wait/run exit codes.
 */
import type { Frame } from '@docktape/client';
import type { Scenario } from './scenario.js';

const text = (f: Frame) => new TextDecoder().decode(f.data);

export const logsWait = {
  name: 'logs-wait',
  async run({ client, image, labels }) {
    const c = client.containers;
    const ranToEnd = async (Cmd: string[], Tty = false) => {
      const id = (await c.create({ Image: image, Labels: labels, Cmd, Tty })).Id;
      const wait = c.wait(id, { condition: 'next-exit' });
      await wait.registered;
      await c.start(id);
      return { id, exit: (await wait).StatusCode };
    };

    const plain = await ranToEnd(['sh', '-c', 'echo out; echo err >&2']);
    const both = await c.logs(plain.id).text();
    const stdoutOnly = await c.logs(plain.id, { stderr: false, tty: false }).text();

    const tty = await ranToEnd(['sh', '-c', 'echo out; echo err >&2'], true);
    const ttyLogs = await c.logs(tty.id).text();

    const ten = await ranToEnd(['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do echo l$i; done']);
    const tail3 = (await c.logs(ten.id, { tail: 3, tty: false }).text()).stdout;
    const stamped = (await c.logs(ten.id, { timestamps: true, tail: 2, tty: false }).text()).stdout;

    // follow: lines written 0.3 s apart arrive as separate frames until the container exits
    const slow = (await c.create({ Image: image, Labels: labels, Cmd: ['sh', '-c', 'for i in 0 1 2 3; do echo line$i; sleep 0.3; done'] })).Id;
    await c.start(slow);
    const followed: string[] = [];
    for await (const frame of c.logs(slow, { follow: true, tty: false })) {
      for (const line of text(frame).split('\n').filter(Boolean)) followed.push(line);
    }
    const failed = await c.run({ Image: image, Labels: labels, Cmd: ['sh', '-c', 'echo bye; exit 3'] });
    for (const id of [plain.id, tty.id, ten.id, slow]) await c.remove(id, { force: true });

    return { plain: plain.exit, both, stdoutOnly, ttyLogs, tail3, stamped, followed, run: { exitCode: failed.exitCode, stdout: failed.stdout, stderr: failed.stderr } };
  },
} satisfies Scenario;
