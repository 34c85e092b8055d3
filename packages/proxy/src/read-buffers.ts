/**
 * Reusable read buffers for a relay socket (Node's `onread` option): the daemon's bytes land in
 * buffers of ours instead of a fresh 64 KiB Buffer per read.
 *
 * Why: per-read allocations are what a Node relay spends its time on after the copy itself.
 * Each 64 KiB Buffer is memory the allocator grows and trims (`brk`) and the GC must find; on
 * the CI VM, where every system call and fresh page goes through the hypervisor, a 512 MiB
 * export cost ~10,000 reads, ~900 `brk` and constant major GCs. Bigger reads into the same
 * buffers cut all three (tools/bench/RESULTS-proxy.md).
 *
 * Sizes adapt: a stream starts with 16 KiB and moves to 256 KiB once a read fills its buffer
 * (more was waiting), back when reads get small. A bulk body reads big, and the many quiet
 * streams a proxy holds open (`logs -f`, events, wait) keep only 16 KiB each while idle: Node
 * holds the next buffer from the end of one read to the next.
 *
 * A buffer that was read into is lent to whoever sends it on, and comes back with `release()`
 * once the socket write is done; `lent` counts them, so the relay can pause the daemon when
 * too many wait on a slow client (that bounds memory to LENT_LIMIT buffers per stream).
 */
export const READ_SIZE = 256 * 1024;
export const SMALL_READ_SIZE = 16 * 1024;
/** Buffers lent out per stream before the daemon is paused: at most 2 MiB waiting for a slow client. */
export const LENT_LIMIT = 8;
/** Buffers of each size kept for reuse across streams; more are left to the GC. */
const KEPT = 32;
const free = new Map<number, Buffer[]>([
  [READ_SIZE, []],
  [SMALL_READ_SIZE, []],
]);

export class ReadBuffers {
  private current: Buffer | undefined;
  private bulk = false;
  /** Buffers handed out by `take` and not released yet. */
  lent = 0;

  /** For `onread.buffer`: called before each read, so the same buffer serves until it is lent. */
  readonly next = (): Buffer => {
    const size = this.bulk ? READ_SIZE : SMALL_READ_SIZE;
    return (this.current ??= free.get(size)!.pop() ?? Buffer.allocUnsafeSlow(size));
  };

  /**
   * Takes the `n` bytes just read: the buffer is the caller's until `release` is called (once,
   * after the write that carries the bytes completes, or at once when nothing was written).
   */
  take(n: number): { bytes: Buffer; release: () => void } {
    const buffer = this.current!;
    this.current = undefined;
    this.bulk = n === buffer.length || (this.bulk && n > SMALL_READ_SIZE);
    this.lent++;
    let released = false;
    return {
      bytes: buffer.subarray(0, n),
      release: () => {
        if (released) return;
        released = true;
        this.lent--;
        const pool = free.get(buffer.length)!;
        if (pool.length < KEPT) pool.push(buffer);
      },
    };
  }
}
