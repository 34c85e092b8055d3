/**
 * The recording's causal order, kept at replay (issue 12): a response body, or a chunk of a
 * streamed one, is not served before the exchanges that, in the recording, had been answered
 * before it was sent have been served in this run. Wait proves it: its head goes out at once
 * (registered), its exit code only once the replayed start/kill/stop that ended the container
 * has been served; a `logs -f` line printed after a kill waits for that kill.
 *
 * Which exchanges a chunk of X sent at `t` waits for, from the recorded timeline (each exchange a
 * span from `startedDateTime` to `+ time`, when its answer ended):
 * - those whose answer ended after X was asked and before `t` (minus `MARGIN_MS`, as
 *   `startedDateTime` is kept to the millisecond): what happened while X was pending;
 * - not those answered before X was asked: the client itself ordered those before X, so if the
 *   live client skipped them (a test replaying a subset) they are not coming;
 * - only within X's own recording (separate recordings are separate sessions).
 *
 * So that nothing hangs on an exchange this run will never ask for, a dependency also counts as
 * met once it is passed over: this run has served an exchange that, in the recording, was asked
 * only after the dependency had been answered (the live run went past it without asking it).
 * And a client that leaves stops waiting (`signal`). Everything is event-driven: a waiting chunk
 * is released by `served()`, never by a timer.
 *
 * Pure: no clock, no I/O; the engine calls `served()`, answer-request.ts awaits `until()`.
 */

/** An exchange on the recorded timeline, in ms (any common origin). */
export interface CausalSpan {
  /** The recording it belongs to: only exchanges of the same group depend on each other. */
  group: unknown;
  /** When its request was sent. */
  startMs: number;
  /** When its answer ended (or its client left). */
  endMs: number;
}

/** `startedDateTime` is kept to the millisecond: closer than this is not an order. */
export const MARGIN_MS = 1;

/** The spans that a chunk of `x` sent `atMs` after `x` started waits for (table-tested: causal-gate.test.ts). */
export function causalDependencies<T extends CausalSpan>(all: readonly T[], x: T, atMs: number): T[] {
  const sentAt = x.startMs + atMs;
  return all.filter((y) => y !== x && y.group === x.group && y.endMs > x.startMs && y.endMs + MARGIN_MS <= sentAt);
}

interface Waiter<T> {
  deps: T[];
  resolve(): void;
}

export class CausalGate<T extends CausalSpan> {
  private readonly served_ = new Set<T>();
  /** Per group, the latest recorded start among the served spans: what ended before it was passed over. */
  private readonly frontier = new Map<unknown, number>();
  private readonly waiters = new Set<Waiter<T>>();

  constructor(private readonly all: readonly T[]) {}

  /** `x` was served in this run: chunks waiting for it (or for what it passes over) go. */
  served(x: T): void {
    this.served_.add(x);
    this.frontier.set(x.group, Math.max(this.frontier.get(x.group) ?? -Infinity, x.startMs));
    for (const w of this.waiters) {
      if (w.deps.every((y) => this.met(y))) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Chunks waiting for their causes now (what a test waits for before it serves the cause). */
  get waiting(): number {
    return this.waiters.size;
  }

  /** The dependencies of a chunk of `x` at `atMs` not met yet. */
  pending(x: T, atMs: number): T[] {
    return causalDependencies(this.all, x, atMs).filter((y) => !this.met(y));
  }

  /**
   * Resolves when the chunk of `x` at `atMs` may be served, or when `signal` aborts; undefined
   * when it may be served now (no extra turn of the event loop for the common case).
   */
  until(x: T, atMs: number, signal?: AbortSignal): Promise<void> | undefined {
    const deps = this.pending(x, atMs);
    if (deps.length === 0 || signal?.aborted) return undefined;
    return new Promise((resolve) => {
      const waiter: Waiter<T> = {
        deps,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  private met(y: T): boolean {
    return this.served_.has(y) || y.endMs <= (this.frontier.get(y.group) ?? -Infinity);
  }
}
