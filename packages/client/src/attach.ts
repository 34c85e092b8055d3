/**
 * `docker attach` over a hijacked connection: output frames (raw bytes when the container has a
 * TTY), a writable stdin, and `closeWrite()` that half-closes the connection so the container
 * sees EOF on stdin while the rest of its output still arrives. That last part is what clients
 * get wrong most: ending the socket entirely, or stopping to read when stdin ends, loses output.
 * @see https://docs.docker.com/engine/api/v1.40/#operation/ContainerAttach
 */
import { Writable } from 'node:stream';
import type { Socket } from 'node:net';
import { demuxFrames, rawFrames, type Frame } from './demux.js';
import type { DockerEndpoint } from './docker-host.js';
import { lostConnection } from './errors.js';
import { hijack } from './hijack.js';
import { queryString } from './raw-request.js';
import { resumable } from './resumable.js';
import { versionedPath } from '@docktape/api';

export interface AttachOptions {
  /** Attach stdin (the container must have been created with `OpenStdin`). Default false. */
  stdin?: boolean;
  /** Default true. */
  stdout?: boolean;
  /** Default true. */
  stderr?: boolean;
  /** Replay the output written before the attach. Default false. */
  logs?: boolean;
  /** Stream output from now on. Default true. */
  stream?: boolean;
  /** Key sequence that detaches (e.g. `ctrl-p,ctrl-q`). */
  detachKeys?: string;
  /** Whether the container has a TTY; when left out, one inspect finds out. */
  tty?: boolean;
  /** Aborts the attach request, or closes the session once attached. */
  signal?: AbortSignal;
}

export interface TerminalSize {
  h: number;
  w: number;
}

/** What both attach and attachWebSocket return. */
export interface AttachSession extends AsyncIterable<Frame> {
  /** Whether output is raw TTY bytes (all reported as stdout) rather than demultiplexed frames. */
  readonly tty: boolean;
  /**
   * The container's output; ends when the daemon closes its side. Leaving a `for await` early
   * keeps the session: the next loop goes on from there (use `close()` to end it).
   */
  readonly output: AsyncIterable<Frame>;
  /** The container's stdin, with backpressure; ending it is `closeWrite()`. */
  readonly stdin: Writable;
  /** Writes to stdin and resolves when the bytes are handed to the connection. */
  write(data: Uint8Array | string): Promise<void>;
  /** Ends stdin (EOF in the container); output keeps arriving until the daemon ends it. */
  closeWrite(): Promise<void>;
  /** Resizes the container's TTY (ContainerResize). */
  resize(size: TerminalSize): Promise<void>;
  /** Closes the connection at once, both ways. */
  close(): void;
  /**
   * Resolves when the connection is closed: by `close()`, or once the daemon has ended it and
   * the output has been read to its end (unread output keeps the connection open).
   */
  readonly closed: Promise<void>;
}

export interface AttachDeps {
  endpoint: DockerEndpoint;
  apiVersion: string;
  isTty: (containerId: string, signal: AbortSignal | undefined) => Promise<boolean>;
  resize: (containerId: string, size: TerminalSize) => Promise<void>;
}

export function attachQuery(o: AttachOptions): Record<string, boolean | string | undefined> {
  return {
    stream: o.stream ?? true,
    stdin: o.stdin ?? false,
    stdout: o.stdout ?? true,
    stderr: o.stderr ?? true,
    logs: o.logs,
    detachKeys: o.detachKeys,
  };
}

export async function containerAttach(deps: AttachDeps, containerId: string, options: AttachOptions = {}): Promise<AttachSession> {
  const tty = options.tty ?? (await deps.isTty(containerId, options.signal));
  const { socket } = await hijack(deps.endpoint, {
    method: 'POST',
    path: `${versionedPath(deps.apiVersion, `/containers/${encodeURIComponent(containerId)}/attach`)}${queryString(attachQuery(options))}`,
    operationId: 'ContainerAttach',
    signal: options.signal,
  });
  return socketSession(socket, tty, (size) => deps.resize(containerId, size), options.signal);
}

/** The session over a hijacked socket (also what exec start will use). */
export function socketSession(socket: Socket, tty: boolean, resize: (size: TerminalSize) => Promise<void>, signal?: AbortSignal): AttachSession {
  let closedByUs = false;
  const close = () => {
    closedByUs = true;
    socket.destroy();
  };
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  // A reset while nobody iterates would be an uncaught 'error' event; an iterating reader still
  // gets the error from the iterator.
  socket.on('error', () => undefined);
  signal?.addEventListener('abort', close, { once: true });
  void closed.then(() => signal?.removeEventListener('abort', close));

  const stdin = new Writable({
    // The callback fires once the socket has taken the bytes: backpressure reaches the writer.
    write: (chunk: Buffer, _enc, cb) => void socket.write(chunk, (err) => cb(err ? (lostConnection(err, 'writing to stdin') as Error) : null)),
    // socket.end() sends FIN (half-close); the read side stays open for the remaining output.
    final: (cb) => void socket.end(() => cb()),
  });
  // A write after the daemon closed would otherwise be an uncaught 'error' event.
  stdin.on('error', () => undefined);

  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const chunk of socket) yield chunk as Uint8Array;
    } catch (err) {
      if (closedByUs) return;
      throw lostConnection(err, 'reading the attached output');
    } finally {
      socket.destroy();
    }
  }
  const output = resumable(tty ? rawFrames(chunks()) : demuxFrames(chunks()));

  return {
    tty,
    output,
    [Symbol.asyncIterator]: () => output[Symbol.asyncIterator](),
    stdin,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        stdin.write(data, (err) => (err ? reject(err) : resolve()));
      }),
    closeWrite: () =>
      new Promise<void>((resolve) => {
        if (stdin.writableFinished) return resolve();
        stdin.end(() => resolve());
      }),
    resize,
    close,
    closed,
  };
}
