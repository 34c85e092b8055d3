/**
 * Hijacked attach: stdin echoed by `cat`, half-close ends `cat` with all output received;
 * a TTY container resized while attached prints the new size.
 */
import type { Frame } from '@docktape/client';
import type { Scenario } from './scenario.js';

const text = (frames: Frame[]) => frames.map((f) => new TextDecoder().decode(f.data)).join('');

export const attach = {
  name: 'attach',
  async run({ client, image, labels }) {
    const c = client.containers;
    const cat = (await c.create({ Image: image, Labels: labels, Cmd: ['cat'], OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true })).Id;
    const session = await c.attach(cat, { stdin: true, tty: false });
    const wait = c.wait(cat, { condition: 'next-exit' });
    await wait.registered;
    await c.start(cat);
    await session.write('hello\n');
    await session.write('world\n');
    await session.closeWrite();
    const frames: Frame[] = [];
    for await (const frame of session) frames.push(frame);
    const exit = (await wait).StatusCode;

    // TTY: resize while attached, then the shell prints what the terminal size became
    const tty = (await c.create({ Image: image, Labels: labels, Tty: true, Cmd: ['sh', '-c', 'sleep 1; stty size'] })).Id;
    const ttySession = await c.attach(tty, { tty: true });
    await c.start(tty);
    await c.resize(tty, { h: 33, w: 101 });
    const ttyFrames: Frame[] = [];
    for await (const frame of ttySession) ttyFrames.push(frame);
    for (const id of [cat, tty]) await c.remove(id, { force: true });
    return { echoed: text(frames), streams: [...new Set(frames.map((f) => f.stream))], exit, tty: text(ttyFrames) };
  },
} satisfies Scenario;
