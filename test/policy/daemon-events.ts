/**
 * The daemon's own word on what it did: its event stream (`GET /events`), filtered to container
 * creates of one label. A policy test proves "never reached the daemon" here, not by trusting
 * the proxy's answer. Events arrive in order: once a sentinel create made after the attempts
 * is seen, every create the attempts might have caused would have been seen before it.
 */
import http from 'node:http';

export interface CreateEvents {
  /** Names (attribute `name`) of the containers created so far. */
  names: string[];
  /** Resolves once a create of a container with this name was seen. */
  seen(name: string): Promise<void>;
  close(): void;
}

export async function watchCreates(host: string, label: string): Promise<CreateEvents> {
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  const target = url.protocol === 'unix:' ? { socketPath: url.pathname } : { host: url.hostname, port: Number(url.port) };
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'], event: ['create'], label: [label] }));
  const names: string[] = [];
  const waiters: { name: string; resolve: () => void }[] = [];
  const req = http.get({ ...target, path: `/v1.40/events?filters=${filters}` });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject));
  let buffered = '';
  res.setEncoding('utf8').on('data', (text: string) => {
    buffered += text;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      const name = (JSON.parse(line) as { Actor?: { Attributes?: { name?: string } } }).Actor?.Attributes?.name ?? '';
      names.push(name);
      for (const w of waiters.filter((x) => x.name === name)) w.resolve();
    }
  });
  res.on('error', () => undefined);
  return {
    names,
    seen: (name) => (names.includes(name) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ name, resolve }))),
    close: () => req.destroy(),
  };
}
