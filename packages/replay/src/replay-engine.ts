/**
 * The state of one replay, shared by the msw handlers and the replay daemon: which recorded
 * exchanges were served, the id/name bindings, and the errors met. `take()` picks the exchange
 * that answers a live request:
 *
 * - the live request is translated into the recording's ids and names, then compared with
 *   the recorded requests of the same method and path (match-request.ts; every other one
 *   only when none matches, to name the closest);
 * - among exact matches the earliest not yet served wins (`_seq`, arrival order): repeated
 *   identical requests replay in recorded order (inspect before and after start differ);
 * - when all exact matches were served, `onExhausted` decides: `fail` (default) or `loop`;
 * - nothing matches: a ReplayError naming the closest recorded exchanges and how they differ.
 *
 * `take` is synchronous, so that picking and consuming an exchange is one step no other request
 * can interleave with. What matching needs from disk is read before, by `prepare`: the manifest
 * of each recorded tar body a live tar may be compared with (same method and path), read once
 * per exchange and kept. Read when first needed rather than at load: loading already hashes every
 * blob once, and most recordings hold no tar request at all; a live tar pays for reading its few
 * candidates once, and every later comparison is in memory.
 */
import type { HarEntry, Recording } from '@docktape/recording';
import { CausalGate, type CausalSpan } from './causal-gate.js';
import { untilAborted } from './held-open.js';
import { foldUrl } from './fold-path.js';
import { compareRequest, describeRecorded, type ComparableRequest, type MatchOptions, type RequestBodyFacts } from './match-request.js';
import { Rebinder, type IdMode } from './rebind-ids.js';
import { ReplayError } from './replay-error.js';
import { recordedRequest, recordedTarReading } from './request-facts.js';
import type { Timing } from './timing.js';

export interface ReplayOptions extends MatchOptions {
  /** `fresh` (default): a replayed create returns a new id; `recorded`: the recorded one. */
  ids?: IdMode;
  /** When every recorded exchange matching a request was served: `fail` (default) or start over (`loop`). */
  onExhausted?: 'fail' | 'loop';
  /** Chunk timing of streamed bodies and hijacked streams (default `none`). */
  timing?: Timing;
  /** Where errors are reported besides the failed response (default: kept in `engine.errors`). */
  onError?: (error: ReplayError) => void;
}

export interface LiveRequest {
  method: string;
  /** Absolute URL or path with query. */
  url: string;
  body?: RequestBodyFacts;
}

export interface RecordedExchange extends CausalSpan {
  recording: Recording;
  /** Index of the entry in its file (as RecordingError counts). */
  index: number;
  entry: HarEntry;
  request: ComparableRequest;
}

/** What an adapter is given to serve: loaded recordings, or an engine made beforehand (to read its errors). */
export type ReplayFixtures = ReplayEngine | readonly Recording[];

/** The engine that serves `fixtures`: the one given, or a new one over the recordings. */
export function replayEngine(fixtures: ReplayFixtures, options: ReplayOptions = {}): ReplayEngine {
  return fixtures instanceof ReplayEngine ? fixtures : new ReplayEngine(fixtures, options);
}

/** How many closest exchanges an unmatched-request error names. */
const CLOSEST = 3;

export class ReplayEngine {
  readonly rebinder: Rebinder;
  readonly exchanges: RecordedExchange[];
  /** Exchanges served, in the order they were served. */
  readonly served: RecordedExchange[] = [];
  readonly errors: ReplayError[] = [];
  /** The recording's causal order: a body chunk waits for the exchanges answered before it was sent (causal-gate.ts). */
  readonly causal: CausalGate<RecordedExchange>;
  private readonly consumed = new Set<RecordedExchange>();
  /** Recorded tar bodies read (or being read) by `prepare`, once each. */
  private readonly tarsRead = new Map<RecordedExchange, Promise<void>>();
  /**
   * Exchanges by method and folded path, in `_seq` order: only those can match a live request
   * (match-request.ts requires both equal), so `take` compares a request with a handful of
   * exchanges, not the whole recording; every one is compared only to say why none matched.
   */
  private readonly byRoute = new Map<string, RecordedExchange[]>();
  private holds = 0;

  constructor(
    readonly recordings: readonly Recording[],
    readonly options: ReplayOptions = {},
  ) {
    this.rebinder = new Rebinder(options.ids ?? 'fresh');
    this.exchanges = recordings.flatMap((recording) =>
      recording.entries
        .map((entry, index) => ({ recording, index, entry, request: recordedRequest(entry), ...span(recording, entry) }))
        .sort((a, b) => a.entry._seq - b.entry._seq),
    );
    this.causal = new CausalGate(this.exchanges);
    for (const x of this.exchanges) {
      const key = route(x.request.method, x.request.path);
      const same = this.byRoute.get(key);
      if (same) same.push(x);
      else this.byRoute.set(key, [x]);
    }
  }

  get timing(): Timing {
    return this.options.timing ?? 'none';
  }

  /** The exchange that answers `live`; throws (and reports) a ReplayError when there is none. */
  take(live: LiveRequest): RecordedExchange {
    try {
      return this.pick(live);
    } catch (err) {
      if (err instanceof ReplayError) this.report(err);
      throw err;
    }
  }

  /**
   * Reads what `take` will need to match `live` from disk: with `binaryBodies: 'tar-content'`
   * and a live tar body, the manifests of the recorded bodies of the same method and path.
   * Without it, `take` compares those bodies by their bytes. Never rejects.
   */
  async prepare(live: LiveRequest): Promise<void> {
    if ((this.options.binaryBodies ?? 'tar-content') !== 'tar-content' || live.body?.tar?.kind !== 'tar') return;
    const method = live.method.toUpperCase();
    const { path } = foldUrl(this.rebinder.toRecorded(live.url));
    // one at a time: candidates are few, and parallel reads of one disk only contend
    for (const x of this.byRoute.get(route(method, path)) ?? []) {
      if (!x.request.body) continue;
      let reading = this.tarsRead.get(x);
      if (!reading) {
        const body = x.request.body;
        reading = recordedTarReading(x).then((tar) => void (body.tar = tar));
        this.tarsRead.set(x, reading);
      }
      await reading;
    }
  }

  /** Answers held open now, until their client leaves (held-open.ts): what a test waits for before it checks nothing more arrives. */
  get holding(): number {
    return this.holds;
  }

  /** Holds an answer open until `signal` aborts (the client left). */
  async holdUntilLeft(signal: AbortSignal | undefined): Promise<void> {
    this.holds++;
    try {
      await untilAborted(signal);
    } finally {
      this.holds--;
    }
  }

  report(error: ReplayError): void {
    this.errors.push(error);
    this.options.onError?.(error);
  }

  /** Throws the first error met, e.g. in an afterEach, so a swallowed failure still fails the test. */
  assertNoErrors(): void {
    if (this.errors.length > 0) throw this.errors[0];
  }

  /** Recorded exchanges never served (to check a test did everything the recording did). */
  unserved(): RecordedExchange[] {
    return this.exchanges.filter((x) => !this.consumed.has(x));
  }

  private pick(live: LiveRequest): RecordedExchange {
    const folded = foldUrl(this.rebinder.toRecorded(live.url));
    const body = live.body?.text !== undefined ? { ...live.body, text: this.rebinder.toRecorded(live.body.text) } : live.body;
    const request: ComparableRequest = { method: live.method.toUpperCase(), path: folded.path, query: folded.query, body };
    const canBind = (rec: string, liveName: string) => !this.rebinder.isBoundRecorded(rec) && !this.rebinder.isBoundLive(liveName);
    const compare = (x: RecordedExchange) => ({ x, c: compareRequest(request, x.request, this.options, canBind) });
    const exact = (this.byRoute.get(route(request.method, request.path)) ?? []).map(compare).filter(({ c }) => c.differences.length === 0);
    let chosen = exact.find(({ x }) => !this.consumed.has(x));
    if (!chosen && exact.length > 0) {
      if (this.options.onExhausted !== 'loop') {
        throw new ReplayError(
          'exhausted',
          `${describeRecorded(request.method, request.path, request.query)}: the recording ran out: all ${exact.length} matching exchange(s) ` +
            `were replayed already (${exact.map(({ x }) => where(x)).join(', ')}); pass onExhausted: 'loop' to start over`,
        );
      }
      for (const { x } of exact) this.consumed.delete(x);
      chosen = exact[0];
    }
    if (!chosen) throw new ReplayError('unmatched', unmatchedMessage(request, this.exchanges.map(compare)));
    const { x, c } = chosen;
    this.consumed.add(x);
    this.served.push(x);
    // served as soon as it is taken: its answer is decided, and what waited for it may go
    this.causal.served(x);
    for (const [rec, liveName] of c.names) this.rebinder.bindName(rec, liveName);
    this.bindCreatedId(x);
    return x;
  }

  /** The id a create answers with is bound (fresh or recorded) before the body is served. */
  private bindCreatedId(x: RecordedExchange): void {
    const { entry, request } = x;
    if (request.method !== 'POST' || !/\/create$/.test(request.path) || entry.response.status !== 201) return;
    const text = entry.response.content.text;
    if (!text) return;
    try {
      const id = (JSON.parse(text) as { Id?: unknown }).Id;
      if (typeof id === 'string') this.rebinder.bindId(id);
    } catch {
      // not JSON: nothing to bind
    }
  }
}

const route = (method: string, path: string) => `${method} ${path}`;

/** An entry on its recording's timeline: asked at `startedDateTime`, answered (or left) `time` ms later. */
function span(recording: Recording, entry: HarEntry): CausalSpan {
  const startMs = Date.parse(entry.startedDateTime);
  return { group: recording, startMs, endMs: startMs + entry.time };
}

export function where(x: RecordedExchange): string {
  return `${x.recording.file} entry ${x.index} (_seq ${x.entry._seq})`;
}

function unmatchedMessage(request: ComparableRequest, compared: { x: RecordedExchange; c: { differences: string[]; score: number } }[]): string {
  const head = `no recorded exchange matches ${describeRecorded(request.method, request.path, request.query)}`;
  if (compared.length === 0) return `${head}: the recording is empty`;
  const closest = [...compared].sort((a, b) => a.c.score - b.c.score || a.x.entry._seq - b.x.entry._seq).slice(0, CLOSEST);
  const lines = closest.map(({ x, c }) => `  - ${describeRecorded(x.request.method, x.request.path, x.request.query)} (${where(x)}): ${c.differences.join('; ')}`);
  return `${head}. Closest recorded exchanges:\n${lines.join('\n')}`;
}
