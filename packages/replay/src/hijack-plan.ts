/**
 * Replaying a hijacked stream (attach, exec start, raw websocket) causally: the daemon's side
 * is replayed from the recording, and each recorded chunk is held back until the live client
 * has sent at least as many bytes as it had sent when the daemon sent that chunk (and has
 * half-closed, if it had). So `cat`'s echo follows what it echoes, and output that the daemon
 * sent after the client's half-close is sent after the live client's half-close. Pure.
 */
import type { ChunkTiming, HijackRecord } from '@docktape/recording';

export interface HijackStep {
  /** Client bytes that must have arrived before this step. */
  afterClientBytes: number;
  /** Whether the client must have half-closed (FIN) before this step. */
  afterClientClosed: boolean;
  atMs: number;
  /** Daemon bytes to send; the last step, with `end: true`, sends none and ends the daemon side. */
  bytes: number;
  end?: boolean;
}

export function planHijack(record: Pick<HijackRecord, 'clientToDaemon' | 'daemonToClient'>): HijackStep[] {
  const up = record.clientToDaemon;
  const down = record.daemonToClient;
  const clientBytesBy = (t: number) => sumUntil(up.chunks, t);
  const clientClosedBy = (t: number) => up.closedAt !== undefined && up.closedAt <= t;
  const steps: HijackStep[] = down.chunks.map(([atMs, bytes]) => ({
    afterClientBytes: clientBytesBy(atMs),
    afterClientClosed: clientClosedBy(atMs),
    atMs,
    bytes,
  }));
  if (down.closedAt !== undefined) {
    steps.push({ afterClientBytes: clientBytesBy(down.closedAt), afterClientClosed: clientClosedBy(down.closedAt), atMs: down.closedAt, bytes: 0, end: true });
  }
  return steps;
}

function sumUntil(chunks: ChunkTiming[], t: number): number {
  let n = 0;
  for (const [at, bytes] of chunks) if (at <= t) n += bytes;
  return n;
}

/** What the live client has sent on the stream so far (after its request body), and whether it half-closed. */
export interface ClientProgress {
  bytes: number;
  closed: boolean;
}

/**
 * Whether `step` may go out. A client that half-closed sends nothing more: bytes it did not send
 * are not waited for, but a step recorded after the client's half-close waits for the live one.
 */
export function clientReached(step: HijackStep, client: ClientProgress): boolean {
  return (client.bytes >= step.afterClientBytes || client.closed) && (!step.afterClientClosed || client.closed);
}
