/** Attach over a websocket (`/attach/ws`): what is sent to `cat` comes back. */
import type { Scenario } from './scenario.js';

export const attachWs = {
  name: 'attach-ws',
  async run({ client, image, labels, WebSocket }) {
    const c = client.containers;
    const cat = (await c.create({ Image: image, Labels: labels, Cmd: ['cat'], OpenStdin: true, AttachStdin: true, AttachStdout: true })).Id;
    await c.start(cat);
    const session = await c.attachWebSocket(cat, WebSocket ? { WebSocket } : {});
    await session.write('ping over ws\n');
    let echoed = '';
    for await (const frame of session) {
      echoed += new TextDecoder().decode(frame.data);
      if (echoed.includes('\n')) break;
    }
    session.close();
    await c.remove(cat, { force: true });
    return { echoed };
  },
} satisfies Scenario;
