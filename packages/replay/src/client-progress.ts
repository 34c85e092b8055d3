/**
 * Waiting on a live client without touching its connection: the adapter reports what the client
 * did (sent bytes or messages, half-closed, hung up) and the replay waits until enough has
 * happened before it sends the next recorded piece. So the replay of a hijacked stream or a
 * websocket is plain code over this gate, testable with no socket.
 */
export class ProgressGate {
  private waiting: (() => void)[] = [];
  private ended = false;

  /** The client did something: every wait checks its condition again. */
  changed(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  /** The connection is gone: every wait ends, and says so. */
  gone(): void {
    this.ended = true;
    this.changed();
  }

  get isGone(): boolean {
    return this.ended;
  }

  /** Resolves true once `ready()` holds, false if the connection is gone first. */
  async until(ready: () => boolean): Promise<boolean> {
    while (!this.ended && !ready()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return !this.ended;
  }
}
