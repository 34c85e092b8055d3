import { describe, expect, it } from 'vitest';
import { READ_SIZE, ReadBuffers } from './read-buffers.js';

describe('ReadBuffers', () => {
  it('serves reads from one buffer until it is lent, counts what is lent, and reuses what comes back', () => {
    const reads = new ReadBuffers();
    const first = reads.next();
    expect(first.length).toBe(READ_SIZE);
    expect(reads.next()).toBe(first); // nothing read into it yet: the same buffer again
    first.write('hello');
    const lent = reads.take(5);
    expect(lent.bytes.toString()).toBe('hello');
    expect(lent.bytes.buffer).toBe(first.buffer); // lent, not copied
    expect(reads.lent).toBe(1);
    const second = reads.next();
    expect(second).not.toBe(first); // the lent one is not read into again
    lent.release();
    lent.release(); // a second release changes nothing
    expect(reads.lent).toBe(0);
    expect(new ReadBuffers().next()).toBe(first); // the next stream reads into the returned buffer
  });
});
