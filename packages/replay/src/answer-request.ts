/**
 * What to answer to one live request, decided once for both adapters: the msw handlers
 * (msw-handlers.ts) and the replay daemon (replay-daemon.ts) only read the request in and write
 * the answer out. An answer is one of:
 *
 * - `response`: the recorded status, headers and body, each chunk yielded at its time under
 *   the chosen timing (the answer itself resolves when the head is due);
 * - `upgrade`: the recorded `101` head (with `Sec-WebSocket-Accept` answering the live key) and
 *   the daemon's side of the stream, replayed against the live client (hijack-replay.ts);
 * - `error`: a `500` with a Docker-style `{"message"}` (so the client's error shows it) and
 *   `X-Docktape-Replay: <code>`; the ReplayError is in `engine.errors` too;
 * - `held`: nothing, until the client leaves: the daemon had not answered when the recorded
 *   client left (held-open.ts).
 *
 * A body's chunks keep the recording's causal order (causal-gate.ts, ordered-body.ts), and a
 * body the recorded client cut is held open after its last chunk until the live one leaves.
 *
 * A sidecar body is opened, and proven to be the recorded one, before the head is decided:
 * a blob that changed since load becomes an `error` answer, never a 200 with wrong bytes.
 */
import { createHash } from 'node:crypto';
import { decodeHijack, type HarNameValue } from '@docktape/recording';
import { planHijack } from './hijack-plan.js';
import { replayHijack, type HijackClient, type HijackOutput, type HijackReplay } from './hijack-replay.js';
import type { RequestBodyFacts } from './match-request.js';
import { where, type RecordedExchange, type ReplayEngine } from './replay-engine.js';
import { ReplayError } from './replay-error.js';
import { heldOpen } from './held-open.js';
import { orderedBody } from './ordered-body.js';
import { openRecordedBody, planResponse, type RecordedBody, type ResponsePlan } from './response-plan.js';
import { replayAt, sleepUntil } from './timing.js';

export interface IncomingRequest {
  method: string;
  /** Absolute URL or path with query, as the client sent it. */
  url: string;
  /**
   * The `Upgrade` header, when the client asks for one (`tcp`: attach, exec start; `websocket`).
   * A carrier that can upgrade answers such a request with `answerUpgrade`.
   */
  upgrade?: string;
  /** `Sec-WebSocket-Key` of a websocket upgrade: the 101 answers it. */
  webSocketKey?: string;
  /** Reads the body; called only once the request is to be matched (a refused one is not read). */
  body(): Promise<RequestBodyFacts | undefined>;
  /**
   * Aborts when the client leaves (or stops reading): it ends a `held` answer, a body held open
   * and a chunk waiting for its causes. Without it those wait for ever.
   */
  signal?: AbortSignal;
}

/** Who carries the answers, and whether it can carry an upgraded connection (a hijacked stream). */
export interface Carrier {
  /** Named in refusals (`msw`). */
  name: string;
  upgrades: boolean;
}

export interface ErrorAnswer {
  kind: 'error';
  error: ReplayError;
  /** false when no recorded exchange was taken (unmatched, exhausted): msw's `strict: false` leaves those alone. */
  matched: boolean;
  status: 500;
  statusText: string;
  /** Besides `Content-Type: application/json`, which the body is. */
  headers: [string, string][];
  body: string;
}

export interface ResponseAnswer {
  kind: 'response';
  exchange: RecordedExchange;
  status: number;
  statusText: string;
  headers: [string, string][];
  /**
   * The body, each chunk when it is due; null when there is none. Read to its end or returned
   * early, it releases the sidecar. A chunk that cannot be read (a sidecar changed while being
   * served) is reported to the engine and thrown: the adapter cuts the response.
   */
  body: AsyncGenerator<Uint8Array> | null;
  /** Releases the sidecar when the body is not read (idempotent). */
  close(): Promise<void>;
}

export interface UpgradeAnswer {
  kind: 'upgrade';
  exchange: RecordedExchange;
  status: number;
  statusText: string;
  headers: [string, string][];
  /** Plays the daemon's side once the head is out; never throws (failures are reported, the connection cut). */
  replay(client: HijackClient, out: HijackOutput): Promise<void>;
  /** Releases the sidecar when the stream is not replayed (idempotent). */
  close(): Promise<void>;
}

/** The recorded client left before the daemon answered: nothing is sent; `left` resolves when the live client leaves. */
export interface HeldAnswer {
  kind: 'held';
  exchange: RecordedExchange;
  left: Promise<void>;
}

export type Answer = ErrorAnswer | ResponseAnswer | HeldAnswer;

/** RFC 6455 §4.2.2: the accept value is the SHA-1 of the client's key and this GUID. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The answer to a request on a plain (not upgraded) connection. */
export async function answerRequest(engine: ReplayEngine, live: IncomingRequest, carrier: Carrier): Promise<Answer> {
  const t0 = performance.now();
  if (live.upgrade && !carrier.upgrades) {
    // refused before it is matched: the recorded exchange stays for a carrier that can serve it
    return refuse(
      engine,
      `${live.method} ${pathOf(live.url)} asks for a hijacked stream (Upgrade: ${live.upgrade}), which ${carrier.name} cannot carry: ` +
        `replay it through the replay daemon (startReplayDaemon) in a test where ${carrier.name} is not listening`,
      false,
    );
  }
  const taken = await take(engine, live);
  if (taken.kind === 'error') return taken;
  const exchange = taken.exchange;
  if (exchange.entry._kind !== 'http') {
    return refuse(
      engine,
      carrier.upgrades
        ? `${live.method} ${live.url} was recorded as a hijacked stream: send it with "Upgrade: tcp", or without Upgrade on an attach or exec start route (a legacy hijack)`
        : `${live.method} ${pathOf(live.url)} was recorded as a hijacked stream (${where(exchange)}); ${carrier.name} cannot carry one: ` +
            'replay it through the replay daemon (startReplayDaemon) and point the client at it',
      true,
    );
  }
  const held = heldOpen(exchange.entry);
  if (held === 'no-answer') return { kind: 'held', exchange, left: engine.holdUntilLeft(live.signal) };
  let plan: ResponsePlan;
  try {
    plan = await planResponse(exchange.recording, exchange.index, exchange.entry, live.method, engine.rebinder);
  } catch (err) {
    return failed(engine, err);
  }
  await sleepUntil(t0, replayAt(plan.headAtMs, engine.timing));
  const body = plan.body && orderedBody(engine, exchange, plan.body, { t0, signal: live.signal, hold: held === 'body-cut' });
  return {
    kind: 'response',
    exchange,
    status: plan.status,
    statusText: plan.statusText,
    headers: plan.headers,
    body: body ? reported(engine, body, plan) : null,
    close: plan.close,
  };
}

/**
 * The answer to a request that asked for an upgrade, on a carrier that can upgrade. An exchange
 * recorded without one (attach to a missing container: the daemon answered 404) is a whole
 * `response`: its body read before anything is sent (so a broken sidecar becomes a 500 still),
 * with `Content-Length` and `Connection: close`, as nothing else delimits it on that connection.
 */
export async function answerUpgrade(engine: ReplayEngine, live: IncomingRequest): Promise<ErrorAnswer | ResponseAnswer | UpgradeAnswer | HeldAnswer> {
  const t0 = performance.now();
  const taken = await take(engine, live);
  if (taken.kind === 'error') return taken;
  const { exchange } = taken;
  const { entry } = exchange;
  if (heldOpen(entry) === 'no-answer') return { kind: 'held', exchange, left: engine.holdUntilLeft(live.signal) };
  const hijack = decodeHijack(entry);
  if (!hijack) {
    let plan: ResponsePlan | undefined;
    try {
      plan = await planResponse(exchange.recording, exchange.index, entry, live.method, engine.rebinder);
      const chunks: Uint8Array[] = [];
      if (plan.body) for await (const c of plan.body) chunks.push(c.bytes);
      const body = Buffer.concat(chunks);
      const headers = plan.headers.filter(([n]) => n.toLowerCase() !== 'content-length');
      headers.push(['Content-Length', String(body.length)], ['Connection', 'close']);
      return { kind: 'response', exchange, status: plan.status, statusText: plan.statusText, headers, body: once(body), close: nothingToClose };
    } catch (err) {
      return failed(engine, err);
    } finally {
      await plan?.close();
    }
  }
  let daemonSide: RecordedBody;
  try {
    // proven to be the recorded bytes before the 101 goes out (a broken sidecar becomes a 500)
    daemonSide = await openRecordedBody(exchange.recording, exchange.index, entry, { where: 'hijacked stream from the daemon', content: hijack.daemonToClient.content }, hijack.daemonToClient.chunks);
  } catch (err) {
    return failed(engine, err);
  }
  const replay: HijackReplay = { exchange, steps: planHijack(hijack), chunks: daemonSide.chunks, close: daemonSide.close };
  return {
    kind: 'upgrade',
    exchange,
    status: entry.response.status,
    statusText: entry.response.statusText,
    headers: upgradeHeaders(entry.response.headers, live.webSocketKey),
    replay: (client, out) => replayHijack(engine, replay, client, out, t0),
    close: replay.close,
  };
}

/** The error answer for `error` (a 500, as the Docker daemon words a failure). */
export function errorAnswer(error: ReplayError, matched: boolean): ErrorAnswer {
  return {
    kind: 'error',
    error,
    matched,
    status: 500,
    statusText: 'Internal Server Error',
    headers: [['X-Docktape-Replay', error.code]],
    body: JSON.stringify({ message: error.message }) + '\n',
  };
}

/** The recorded upgrade head, with the accept value answering the live client's key, not the recorded one. */
export function upgradeHeaders(recorded: readonly HarNameValue[], webSocketKey: string | undefined): [string, string][] {
  return recorded.map((h): [string, string] => {
    if (h.name.toLowerCase() === 'sec-websocket-accept' && webSocketKey !== undefined) {
      return [h.name, createHash('sha1').update(webSocketKey + WS_GUID).digest('base64')];
    }
    return [h.name, h.value];
  });
}

async function take(engine: ReplayEngine, live: IncomingRequest): Promise<{ kind: 'taken'; exchange: RecordedExchange } | ErrorAnswer> {
  const body = await live.body();
  await engine.prepare({ method: live.method, url: live.url, body });
  try {
    return { kind: 'taken', exchange: engine.take({ method: live.method, url: live.url, body }) };
  } catch (err) {
    // take() reported it already
    if (err instanceof ReplayError) return errorAnswer(err, false);
    throw err;
  }
}

function refuse(engine: ReplayEngine, message: string, matched: boolean): ErrorAnswer {
  const error = new ReplayError('unmatched', message);
  engine.report(error);
  return errorAnswer(error, matched);
}

/** A body that could not be opened (planResponse and openRecordedBody throw only ReplayErrors). */
function failed(engine: ReplayEngine, err: unknown): ErrorAnswer {
  if (!(err instanceof ReplayError)) throw err;
  engine.report(err);
  return errorAnswer(err, true);
}

/** The body's chunks; a failure is reported to the engine before it reaches the adapter, and the sidecar is released either way. */
async function* reported(engine: ReplayEngine, chunks: AsyncGenerator<Uint8Array>, plan: ResponsePlan): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (err) {
    if (err instanceof ReplayError) engine.report(err);
    throw err;
  } finally {
    await plan.close();
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.length > 0) yield bytes;
}

const nothingToClose = async (): Promise<void> => undefined;

function pathOf(url: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url;
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}
