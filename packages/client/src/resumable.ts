/**
 * An async iterable over one underlying iterator that survives `break`: each `for await` loop
 * continues where the previous one stopped, and leaving a loop early does not end the source.
 * Sessions need this (read until a prompt, write, read again); ending the connection is what
 * `close()` is for. Pure logic.
 */
export function resumable<T>(source: AsyncIterator<T>): AsyncIterable<T> {
  const iterator: AsyncIterator<T> = {
    next: () => source.next(),
    // A loop that breaks calls return(): end that loop only, keep the source.
    return: async () => ({ done: true, value: undefined }),
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
