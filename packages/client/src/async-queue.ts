/**
 * A push-to-pull bridge: events (websocket messages) pushed in, consumed with `for await`.
 * Pure logic. Unbounded by design: the WebSocket API has no backpressure to apply anyway.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T, undefined>) => void) | undefined;
  private failWaiting: ((err: unknown) => void) | undefined;
  private done = false;
  private error: unknown;

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.failWaiting = undefined;
      w({ value: item, done: false });
    } else this.items.push(item);
  }

  /** No more items; with an error, iteration throws it after the items already queued. */
  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    if (this.waiting && this.items.length === 0) {
      const [w, f] = [this.waiting, this.failWaiting];
      this.waiting = this.failWaiting = undefined;
      if (error !== undefined) f!(error);
      else w({ value: undefined, done: true });
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.done) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      const next = await new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
        this.waiting = resolve;
        this.failWaiting = reject;
      });
      if (next.done) return;
      yield next.value;
    }
  }
}
