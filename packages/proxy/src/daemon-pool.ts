/**
 * Keep-alive connections to the daemon for the raw relay (stream-forward.ts).
 *
 * Why: the raw relay first served only big and endless bodies, on a fresh connection each.
 * Small body-less requests (`GET /containers/json`, inspect, `/_ping`) went through Node's HTTP
 * client and http-proxy-3, whose request object, agent and response parsing cost more CPU than
 * everything else the proxy does for such an exchange (issue 16: ~0.1 ms of ~0.4 ms per request
 * on the bench machine). Relayed raw they need a connection that is already open: a new unix
 * connection costs the daemon more than the request itself.
 *
 * A connection is lent to one exchange at a time. Its `onread` callbacks are fixed when it is
 * made, so they go to whoever holds it (`DaemonUser`), and its read buffers (read-buffers.ts)
 * belong to the connection: a read may land in a buffer asked for before the connection changed
 * hands. An exchange gives it back once the client has every byte, so none is lent out then.
 * Back in the pool it keeps reading: any
 * byte, end or error while idle means the daemon is done with it (restart, shutdown), and it is
 * dropped, so a restarted daemon leaves no dead connection behind to be lent.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ReadBuffers } from './read-buffers.js';
import type { Target } from './target.js';

/** The exchange holding a connection: where its reads, end and errors go. */
export interface DaemonUser {
  /** `n` bytes were read into the lease's `reads` (take them from there). */
  read(n: number): void;
  ended(): void;
  failed(err: Error): void;
}

/**
 * Idle connections kept; more are closed once their exchange is over. As many as Node's own
 * agent keeps (maxFreeSockets): 100 clients at once must not open and close connections to
 * the daemon all the time, and an idle one costs the daemon one goroutine.
 */
const KEEP_IDLE = 256;

export interface DaemonLease {
  readonly socket: Socket;
  readonly reads: ReadBuffers;
  /** The connection served an exchange before (a failure before any byte may be a stale one). */
  readonly reused: boolean;
  /** Bytes read for this lease. */
  readonly received: number;
  /** The exchange is over: back to the pool when `reusable`, else closed. Once. */
  release(reusable: boolean): void;
}

class DaemonConnection {
  user: DaemonUser | undefined;
  served = 0;
  received = 0;
  readonly socket: Socket;
  readonly reads = new ReadBuffers();

  constructor(connect: Target['connect'], private readonly onGone: (c: DaemonConnection) => void) {
    this.socket = connect({
      buffer: this.reads.next,
      callback: (n: number) => {
        this.received += n;
        if (this.user) this.user.read(n);
        else this.drop();
        return true;
      },
    });
    this.socket.on('end', () => (this.user ? this.user.ended() : this.drop()));
    this.socket.on('error', (err: Error) => (this.user ? this.user.failed(err) : this.drop()));
    this.socket.on('close', () => this.onGone(this));
  }

  drop(): void {
    this.user = undefined;
    this.socket.destroy();
  }
}

export class DaemonPool {
  private readonly idle: DaemonConnection[] = [];

  constructor(
    private readonly connect: Target['connect'],
    /** Every connection made (the proxy closes them at shutdown). */
    private readonly track: (socket: Duplex) => void,
  ) {}

  /** An idle connection, or a new one (`fresh`: always a new one). */
  acquire(user: DaemonUser, fresh = false): DaemonLease {
    let connection = fresh ? undefined : this.idle.pop();
    while (connection && connection.socket.destroyed) connection = this.idle.pop();
    if (!connection) {
      connection = new DaemonConnection(this.connect, (c) => this.forget(c));
      this.track(connection.socket);
    }
    const c = connection;
    c.user = user;
    c.received = 0;
    const reused = c.served > 0;
    c.served++;
    let released = false;
    return {
      socket: c.socket,
      reads: c.reads,
      reused,
      get received() {
        return c.received;
      },
      release: (reusable: boolean) => {
        if (released) return;
        released = true;
        c.user = undefined;
        if (!reusable || c.socket.destroyed || this.idle.length >= KEEP_IDLE) return void c.socket.destroy();
        // idle, it reads again: the daemon closing it shows at once
        c.socket.resume();
        this.idle.push(c);
      },
    };
  }

  private forget(connection: DaemonConnection): void {
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
  }

  /** Closes the idle connections (shutdown). */
  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }
}
