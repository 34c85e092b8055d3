/**
 * `docker logs`: the log of a container as frames `{ stream, data }`. At v1.40 the daemon sends
 * no content type that says whether the body is multiplexed (only >= 1.42 does), so whether the
 * container has a TTY comes from the caller or from one inspect (`Config.Tty`): guessing from
 * the bytes, as some clients do, breaks on TTY output that starts with a 0, 1 or 2 byte.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerLogs
 */
import { collectText, demuxFrames, rawFrames, type CollectedText, type Frame } from './demux.js';
import { bodyChunks, discard, type RawRequester } from './raw-request.js';

export interface LogsOptions {
  /** Keep streaming until the container stops (or the signal aborts). */
  follow?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true. */
  stderr?: boolean;
  /** Only lines from this time on (a Date, or UNIX seconds). */
  since?: Date | number;
  /** Only lines before this time (a Date, or UNIX seconds). */
  until?: Date | number;
  /** Prefix each line with its RFC 3339 time and a space. */
  timestamps?: boolean;
  /** Only this many lines from the end. */
  tail?: number | 'all';
  /** Whether the container has a TTY; when left out, one inspect finds out. */
  tty?: boolean;
  /** Aborting ends the iteration (without an error) and closes the connection. */
  signal?: AbortSignal;
}

export interface LogStream extends AsyncIterable<Frame> {
  /** Reads the whole log into text per stream (for logs that fit in memory: not with `follow` on a long-lived container). */
  text(): Promise<CollectedText>;
}

export type TtyLookup = (containerId: string, signal: AbortSignal | undefined) => Promise<boolean>;

export function toUnixSeconds(t: Date | number | undefined): number | undefined {
  return t instanceof Date ? t.getTime() / 1000 : t;
}

/** The query of ContainerLogs from the options (stdout and stderr default to on). */
export function logsQuery(o: LogsOptions): Record<string, string | number | boolean | undefined> {
  return {
    follow: o.follow,
    stdout: o.stdout ?? true,
    stderr: o.stderr ?? true,
    since: toUnixSeconds(o.since),
    until: toUnixSeconds(o.until),
    timestamps: o.timestamps,
    tail: o.tail === undefined ? undefined : String(o.tail),
  };
}

/** Lazy: the request is sent when iteration starts, so errors (404) surface there. */
export function containerLogs(request: RawRequester, isTty: TtyLookup, containerId: string, options: LogsOptions = {}): LogStream {
  const { signal } = options;
  async function* frames(): AsyncGenerator<Frame, void, undefined> {
    let res;
    try {
      const tty = options.tty ?? (await isTty(containerId, signal));
      res = await request({
        method: 'GET',
        path: `/containers/${encodeURIComponent(containerId)}/logs`,
        query: logsQuery(options),
        signal,
        operationId: 'ContainerLogs',
      });
      const chunks = bodyChunks(res.body, signal);
      yield* tty ? rawFrames(chunks) : demuxFrames(chunks);
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    } finally {
      if (res) discard(res.body);
    }
  }
  return {
    [Symbol.asyncIterator]: () => frames(),
    text: () => collectText(frames()),
  };
}
