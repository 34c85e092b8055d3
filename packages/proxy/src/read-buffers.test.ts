import { describe, expect, it } from 'vitest';
import { READ_SIZE, ReadBuffers, SMALL_READ_SIZE } from './read-buffers.js';

describe('ReadBuffers', () => {
  it('serves reads from one buffer until it is lent, counts what is lent, and reuses what comes back', () => {
    const reads = new ReadBuffers();
    const first = reads.next();
    expect(reads.next()).toBe(first); // nothing read into it yet: the same buffer again
    first.write('hello');
    const lent = reads.take(5);
    expect(lent.bytes.toString()).toBe('hello');
    expect(lent.bytes.buffer).toBe(first.buffer); // lent, not copied
    expect(reads.lent).toBe(1);
    expect(reads.next()).not.toBe(first); // the lent one is not read into again
    lent.release();
    lent.release(); // a second release changes nothing
    expect(reads.lent).toBe(0);
    expect(new ReadBuffers().next()).toBe(first); // the next stream reads into the returned buffer
  });

  it('reads small while reads are small, big once a read fills its buffer, small again when reads shrink', () => {
    const reads = new ReadBuffers();
    const sizes: number[] = [];
    const read = (n: number) => {
      const buffer = reads.next();
      sizes.push(buffer.length);
      reads.take(Math.min(n, buffer.length)).release();
    };
    read(200); // a quiet stream
    read(SMALL_READ_SIZE + 1); // fills the small buffer: more is waiting
    read(100_000); // bulk, stays big
    read(SMALL_READ_SIZE + 1);
    read(300); // quiet again
    read(300);
    expect(sizes).toEqual([SMALL_READ_SIZE, SMALL_READ_SIZE, READ_SIZE, READ_SIZE, READ_SIZE, SMALL_READ_SIZE]);
  });
});
