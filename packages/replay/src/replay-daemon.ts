/**
 * The replay daemon: an HTTP server on TCP or a unix socket that answers like the Docker daemon
 * from recordings, for out-of-process clients (the docker CLI) and for what msw cannot carry
 * (hijacked attach). Plain requests are answered from the recorded head and body (paced);
 * `Upgrade: tcp` and websocket upgrades get the recorded `101` and then the daemon's side of the
 * stream, replayed causally against what the client sends (hijack-plan.ts), honouring
 * half-close: output recorded after the client's FIN is sent after the live client's FIN.
 * Over plain HTTP or TLS (the proxy's listening rules and server, from @docktape/listen).
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { decodeHijack, type HarNameValue } from '@docktape/recording';
import { planHijack } from './hijack-plan.js';
import { createApiServer, listenOn, listenPolicyProblem, parseListenAddress, type ListenAddress, type ListenTls } from '@docktape/listen';
import { replayEngine, type ReplayFixtures } from './msw-handlers.js';
import { BodyFactsBuilder, type RecordedExchange, type ReplayEngine, type ReplayOptions } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { openRecordedBody, paced, planResponse, type RecordedBody, type ResponsePlan } from './response-plan.js';
import { replayAt, sleepUntil } from './timing.js';

export interface ReplayDaemonOptions extends ReplayOptions {
  listen: ListenAddress | string;
  /** Serve TLS (with client certificates verified when `verifyClients`); plain HTTP without it. */
  tls?: ListenTls;
  /** Allow a non-loopback address without verified client certificates (--insecure-remote). */
  insecureRemote?: boolean;
  /** Problems that are no replay failure (a client refused at the TLS handshake). */
  warn?: (message: string) => void;
}

/** What a replay daemon other machines can reach gives away (in the refusal message). */
export const REPLAY_EXPOSURE = 'whoever reaches it reads the recorded traffic and drives the replay';

export interface RunningReplayDaemon {
  /** DOCKER_HOST form: tcp://127.0.0.1:PORT or unix:///path. */
  url: string;
  engine: ReplayEngine;
  close(): Promise<void>;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export async function startReplayDaemon(fixtures: ReplayFixtures, options: ReplayDaemonOptions): Promise<RunningReplayDaemon> {
  const listen = typeof options.listen === 'string' ? parseListenAddress(options.listen) : options.listen;
  const problem = listenPolicyProblem(
    listen,
    { tls: options.tls !== undefined, verifyClients: options.tls?.verifyClients ?? false, insecureRemote: Boolean(options.insecureRemote) },
    REPLAY_EXPOSURE,
  );
  if (problem) throw new ReplayError('usage', problem);
  const engine = replayEngine(fixtures, options);
  const sockets = new Set<Duplex>();
  const server = createApiServer({
    tls: options.tls,
    track: (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    },
    onTlsClientError: options.warn,
  });
  // One bad client (e.g. gone mid-body: `for await (req)` throws 'aborted') must never take the
  // daemon down with an unhandled rejection: what fails is recorded and that connection dropped.
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    answer(engine, req, res).catch((err: unknown) => {
      failed(engine, req, req.socket, err);
      res.destroy();
    }),
  );
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
    upgrade(engine, req, socket, head).catch((err: unknown) => {
      failed(engine, req, socket, err);
      socket.destroy();
    }),
  );

  const url = await listenOn(server, listen);
  return {
    url,
    engine,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      if (listen.kind === 'unix') await rm(listen.path, { force: true });
    },
  };
}

/**
 * Records an error that escaped a handler in engine.errors, unless the client simply went away
 * (its disconnect is not a replay failure).
 */
function failed(engine: ReplayEngine, req: IncomingMessage, socket: Duplex, err: unknown): void {
  if (err instanceof ReplayError) return engine.report(err);
  if (socket.destroyed || req.destroyed) return;
  engine.report(new ReplayError('fixture', `${req.method} ${req.url}: replaying failed: ${(err as Error)?.message ?? String(err)}`, { cause: err }));
}

async function answer(engine: ReplayEngine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const t0 = performance.now();
  const facts = new BodyFactsBuilder();
  for await (const chunk of req) facts.push(chunk as Buffer);
  let exchange: RecordedExchange;
  try {
    exchange = engine.take({ method: req.method ?? 'GET', url: req.url ?? '/', body: facts.done() });
    if (exchange.entry._kind !== 'http') throw new ReplayError('unmatched', `${req.method} ${req.url} was recorded as a hijacked stream: send it with "Upgrade: tcp" (legacy hijack without Upgrade is not replayed)`);
  } catch (err) {
    if (!(err instanceof ReplayError)) throw err;
    return sendError(res, err);
  }
  let plan: ResponsePlan;
  try {
    // a sidecar body is proven to be the recorded one here, before the head: else a 500, never a 200 with wrong bytes
    plan = await planResponse(exchange.recording, exchange.index, exchange.entry, req.method ?? 'GET', engine.rebinder);
  } catch (err) {
    if (!(err instanceof ReplayError)) throw err;
    engine.report(err);
    return sendError(res, err);
  }
  try {
    await sleepUntil(t0, replayAt(plan.headAtMs, engine.timing));
    res.writeHead(plan.status, plan.statusText, plan.headers.flat());
    // The head goes out at once: a client waiting for it (wait registered, logs -f) must not wait for a body chunk.
    res.flushHeaders();
    if (!plan.body) return void res.end();
    let gone = false;
    res.once('close', () => (gone = true));
    try {
      for await (const chunk of paced(plan.body, engine.timing, t0)) {
        if (gone) return;
        if (!res.write(chunk)) await drained(res);
      }
      res.end();
    } catch (err) {
      // e.g. a sidecar that changed while being served: the response is cut, never completed
      if (err instanceof ReplayError) engine.report(err);
      res.destroy(err as Error);
    }
  } finally {
    await plan.close();
  }
}

function sendError(res: ServerResponse, err: ReplayError): void {
  res.writeHead(500, { 'Content-Type': 'application/json', 'X-Docktape-Replay': err.code }).end(JSON.stringify({ message: err.message }) + '\n');
}

/** An error answer on a connection that asked to be upgraded (the HTTP server no longer writes to it). */
function sendRawError(socket: Duplex, err: ReplayError): void {
  const body = JSON.stringify({ message: err.message }) + '\n';
  socket.end(`HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nX-Docktape-Replay: ${err.code}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

async function upgrade(engine: ReplayEngine, req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
  socket.on('error', () => undefined);
  const t0 = performance.now();
  // The request body (exec start sends `{"Detach":false,...}`) comes first; only the bytes after
  // it are the client's side of the stream, which is what the recording counted.
  const bodyLength = Number(req.headers['content-length'] ?? 0) || 0;
  const facts = new BodyFactsBuilder();
  let bodyLeft = bodyLength;
  let clientBytes = 0;
  let clientClosed = false;
  let wake: (() => void) | undefined;
  const take = (chunk: Buffer) => {
    if (bodyLeft > 0) {
      const part = chunk.subarray(0, bodyLeft);
      facts.push(part);
      bodyLeft -= part.length;
      chunk = chunk.subarray(part.length);
    }
    clientBytes += chunk.length;
    wake?.();
  };
  const waitFor = async (ready: () => boolean) => {
    while (!ready() && !socket.destroyed) await new Promise<void>((resolve) => (wake = resolve));
  };
  take(head);
  socket.on('data', take);
  socket.on('end', () => {
    clientClosed = true;
    wake?.();
  });
  socket.on('close', () => {
    clientClosed = true;
    wake?.();
  });
  await waitFor(() => bodyLeft === 0 || clientClosed);

  let exchange: RecordedExchange;
  try {
    exchange = engine.take({ method: req.method ?? 'GET', url: req.url ?? '/', body: facts.done() });
  } catch (err) {
    if (!(err instanceof ReplayError)) throw err;
    return sendRawError(socket, err);
  }
  const { entry } = exchange;
  const hijack = decodeHijack(entry);
  if (!hijack) {
    // e.g. attach to a missing container: the daemon answered 404 instead of upgrading.
    // The whole body is read before anything is sent, so a broken sidecar becomes a 500.
    let plan: ResponsePlan | undefined;
    let body: Buffer;
    try {
      plan = await planResponse(exchange.recording, exchange.index, entry, req.method ?? 'GET', engine.rebinder);
      const chunks: Uint8Array[] = [];
      if (plan.body) for await (const c of plan.body) chunks.push(c.bytes);
      body = Buffer.concat(chunks);
    } catch (err) {
      if (!(err instanceof ReplayError)) throw err;
      engine.report(err);
      return sendRawError(socket, err);
    } finally {
      await plan?.close();
    }
    const headers = plan.headers.filter(([n]) => n.toLowerCase() !== 'content-length');
    socket.end(Buffer.concat([Buffer.from(rawHead(plan.status, plan.statusText, [...headers, ['Content-Length', String(body.length)], ['Connection', 'close']])), body]));
    return;
  }
  let daemonBody: RecordedBody;
  try {
    // proven to be the recorded bytes before the 101 goes out (a broken sidecar becomes a 500)
    daemonBody = await openRecordedBody(exchange.recording, exchange.index, entry, { where: 'hijacked stream from the daemon', content: hijack.daemonToClient.content }, hijack.daemonToClient.chunks);
  } catch (err) {
    if (!(err instanceof ReplayError)) throw err;
    engine.report(err);
    return sendRawError(socket, err);
  }
  const headers = entry.response.headers.map((h: HarNameValue): [string, string] => {
    const key = req.headers['sec-websocket-key'];
    if (h.name.toLowerCase() === 'sec-websocket-accept' && typeof key === 'string') {
      // the accept value answers the live client's key, not the recorded one (RFC 6455 §4.2.2)
      return [h.name, createHash('sha1').update(key + WS_GUID).digest('base64')];
    }
    return [h.name, h.value];
  });
  socket.setNoDelay(true);
  socket.write(rawHead(entry.response.status, entry.response.statusText, headers));

  const steps = planHijack(hijack);
  const daemonChunks = daemonBody.chunks[Symbol.asyncIterator]();
  try {
    for (const step of steps) {
      // a client that half-closed sends nothing more: what it did not send is not waited for
      await waitFor(() => (clientBytes >= step.afterClientBytes || clientClosed) && (!step.afterClientClosed || clientClosed));
      if (socket.destroyed) return;
      await sleepUntil(t0, replayAt(step.atMs, engine.timing));
      if (step.end) {
        socket.end();
        return;
      }
      const next = await daemonChunks.next();
      if (next.done) break;
      if (!socket.write(next.value.bytes)) await drained(socket);
    }
    // any bytes past the recorded chunk list, then end when the recording says the daemon did
    for (let next = await daemonChunks.next(); !next.done; next = await daemonChunks.next()) socket.write(next.value.bytes);
  } catch (err) {
    if (err instanceof ReplayError) engine.report(err);
    socket.destroy();
  } finally {
    await daemonChunks.return?.(undefined);
    await daemonBody.close();
  }
}

/** Resolves when the writable can take more (or is gone); leaves no listeners behind. */
function drained(stream: NodeJS.WritableStream & NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('close', done);
  });
}

function rawHead(status: number, statusText: string, headers: [string, string][]): string {
  return `HTTP/1.1 ${status} ${statusText}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}
