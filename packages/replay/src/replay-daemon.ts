/**
 * The replay daemon: an HTTP server on TCP or a unix socket that answers like the Docker daemon
 * from recordings, for out-of-process clients (the docker CLI) and for what msw cannot carry
 * (hijacked attach). A thin adapter over the engine: it reads requests in (`IncomingRequest`,
 * and for an upgraded connection a `HijackClient` fed with the socket's bytes and half-close)
 * and writes the engine's answers out (answer-request.ts): plain responses through Node's
 * response (head flushed at once, body with backpressure), upgraded ones raw on the socket
 * (@docktape/listen's `rawResponseHead` / `rawJsonResponse`, the one raw response writer).
 * A legacy hijack (attach or exec start without `Upgrade`, answered `200` then raw bytes) takes
 * the upgraded path too (legacy-upgrade.ts): its recorded `200` head is written raw, then the
 * daemon's side is replayed, the client's bytes after the request body counting as its stdin.
 * Over plain HTTP or TLS (the proxy's listening rules and server, from @docktape/listen).
 */
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  createApiServer,
  listenOn,
  listenPolicyProblem,
  listenUrl,
  parseListenAddress,
  rawJsonResponse,
  rawResponseHead,
  type ListenAddress,
  type ListenTls,
} from '@docktape/listen';
import { answerRequest, answerUpgrade, type Carrier, type ErrorAnswer } from './answer-request.js';
import { HijackClient } from './hijack-replay.js';
import { isLegacyHijackRoute } from './legacy-route.js';
import { upgradeLegacyHijacks } from './legacy-upgrade.js';
import { replayEngine, type ReplayEngine, type ReplayFixtures, type ReplayOptions } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { BodyFactsBuilder } from './request-facts.js';

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

const DAEMON: Carrier = { name: 'the replay daemon', upgrades: true };

export async function startReplayDaemon(fixtures: ReplayFixtures, options: ReplayDaemonOptions): Promise<RunningReplayDaemon> {
  const listen = typeof options.listen === 'string' ? asUsage(() => parseListenAddress(options.listen as string)) : options.listen;
  const problem = listenPolicyProblem(
    listen,
    { tls: options.tls !== undefined, verifyClients: options.tls?.verifyClients ?? false, insecureRemote: Boolean(options.insecureRemote) },
    REPLAY_EXPOSURE,
  );
  if (problem) throw new ReplayError('usage', problem);
  const engine = replayEngine(fixtures, options);
  const sockets = new Set<Duplex>();
  // certificates or a key that TLS cannot use are the caller's to fix, as a bad address is
  const server = asUsage(() =>
    createApiServer({
      tls: options.tls,
      track: (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      },
      onTlsClientError: options.warn,
    }),
  );
  // One bad client (e.g. gone mid-body: `for await (req)` throws 'aborted') must never take the
  // daemon down with an unhandled rejection: what fails is recorded and that connection dropped.
  server.on('request', (req: IncomingMessage, res: ServerResponse) =>
    serve(engine, req, res).catch((err: unknown) => {
      failed(engine, req, req.socket, err);
      res.destroy();
    }),
  );
  // legacy hijacks (attach, exec start without Upgrade) come as 'upgrade' too, with the bytes behind their head
  upgradeLegacyHijacks(server, (req) => isLegacyHijackRoute(req.method ?? '', req.url ?? '', req.headers.upgrade));
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
    upgrade(engine, req, socket, head).catch((err: unknown) => {
      failed(engine, req, socket, err);
      socket.destroy();
    }),
  );

  let url: string;
  try {
    url = await listenOn(server, listen);
  } catch (err) {
    throw new ReplayError('listen', `cannot listen on ${listenUrl(listen)}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
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

async function serve(engine: ReplayEngine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // the client leaving ends what is held for it (an unanswered exchange, a body held open, a chunk waiting for its causes)
  const left = new AbortController();
  res.once('close', () => left.abort());
  const answer = await answerRequest(
    engine,
    {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      body: async () => {
        const facts = new BodyFactsBuilder(req.headers['content-type']);
        for await (const chunk of req) await facts.push(chunk as Buffer);
        return facts.done();
      },
      signal: left.signal,
    },
    DAEMON,
  );
  if (answer.kind === 'error') return void res.writeHead(answer.status, answer.statusText, jsonHeaders(answer)).end(answer.body);
  // as the daemon did: no answer, the connection open until the client leaves
  if (answer.kind === 'held') return answer.left;
  try {
    res.writeHead(answer.status, answer.statusText, answer.headers.flat());
    // The head goes out at once: a client waiting for it (wait registered, logs -f) must not wait for a body chunk.
    res.flushHeaders();
    if (!answer.body) return void res.end();
    let gone = false;
    res.once('close', () => (gone = true));
    try {
      for await (const chunk of answer.body) {
        if (gone) return;
        if (!res.write(chunk)) await drained(res);
      }
      res.end();
    } catch (err) {
      // e.g. a sidecar that changed while being served (the engine reported it): the response is cut, never completed
      res.destroy(err as Error);
    }
  } finally {
    await answer.close();
  }
}

async function upgrade(engine: ReplayEngine, req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
  socket.on('error', () => undefined);
  const client = new HijackClient(Number(req.headers['content-length'] ?? 0) || 0);
  client.push(head);
  socket.on('data', (chunk: Buffer) => client.push(chunk));
  socket.on('end', () => client.halfClosed());
  socket.on('close', () => client.hungUp());
  const left = new AbortController();
  socket.once('close', () => left.abort());
  const key = req.headers['sec-websocket-key'];
  const answer = await answerUpgrade(engine, {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    upgrade: req.headers.upgrade?.toLowerCase() ?? '',
    ...(typeof key === 'string' ? { webSocketKey: key } : {}),
    body: () => client.body(),
    signal: left.signal,
  });
  // the HTTP server no longer writes to an upgraded connection: the answer is written raw
  if (answer.kind === 'error') return void socket.end(rawJsonResponse(answer.status, answer.statusText, answer.body, answer.headers));
  if (answer.kind === 'held') return answer.left;
  if (answer.kind === 'response') {
    const body: Uint8Array[] = [];
    if (answer.body) for await (const chunk of answer.body) body.push(chunk);
    return void socket.end(Buffer.concat([Buffer.from(rawResponseHead(answer.status, answer.statusText, answer.headers)), ...body]));
  }
  socket.setNoDelay(true);
  socket.write(rawResponseHead(answer.status, answer.statusText, answer.headers));
  await answer.replay(client, {
    send: async (bytes) => {
      if (!socket.write(bytes)) await drained(socket);
    },
    end: () => socket.end(),
    destroy: () => socket.destroy(),
  });
}

function jsonHeaders(answer: ErrorAnswer): string[] {
  return [['Content-Type', 'application/json'], ...answer.headers].flat();
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

/** A listen address or TLS material that cannot be used is the caller's mistake: a usage error of this package. */
function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ReplayError('usage', (err as Error)?.message ?? String(err), { cause: err });
  }
}
