/**
 * Streamed response bodies (export, archive, logs, stats, events, image save) relayed as the
 * daemon's raw bytes, chunk framing included, instead of through http-proxy.
 *
 * Why: http-proxy parses the daemon's chunked body and Node re-frames it for the client, with
 * stream machinery per chunk; for a 512 MiB export that alone cut throughput to ~0.61 of a
 * direct connection where a plain socket pipe reaches ~0.84 (tools/bench/RESULTS-proxy.md).
 * Here the daemon's bytes go to the client as they are; `ChunkedDecoder` only tells the
 * recorder which bytes are body data and when the body is over.
 *
 * The client side stays Node's ServerResponse (head, keep-alive, the next request on the same
 * connection); its own chunk framing is switched off after `writeHead` because the daemon's
 * framing passes through untouched. Only for body-less GETs over HTTP/1.1 (classify-request.ts).
 *
 * The daemon's bytes are read into reused buffers (16-256 KiB, read-buffers.ts) that are lent
 * to the client write and come back when it completes: no allocation per read (that took the
 * proxy without recording from ~0.64 to ~0.83 of direct), and a slow client holds at most
 * LENT_LIMIT buffers before the daemon is paused. The recorder copies what it keeps.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { bodyFraming, ChunkedDecoder, type BodyFraming } from './chunked-decoder.js';
import { answerBadGateway } from './bad-gateway.js';
import type { Exchange, RecordedBody } from './exchange.js';
import { rawHeader, ResponseHeadParser, serializeRequestHead, type ResponseHead } from './http-head.js';
import { LENT_LIMIT, ReadBuffers } from './read-buffers.js';
import type { Target } from './target.js';

export function forwardStream(req: IncomingMessage, res: ServerResponse, exchange: Exchange, target: Target, track: (socket: Duplex) => void): void {
  const reads = new ReadBuffers();
  const upstream = target.connect({ buffer: reads.next, callback: (n) => (onRead(n), true) });
  track(upstream);
  const requestBody = exchange.body(rawHeader(req.rawHeaders, 'content-type') ?? '');
  const parser = new ResponseHeadParser();
  let head: ResponseHead | undefined;
  let framing: BodyFraming = { kind: 'close' };
  let decoder: ChunkedDecoder | undefined;
  let lengthLeft = 0;
  let responseBody: RecordedBody | undefined;
  const clock = exchange.clock();
  let complete = false;
  let finished = false;
  let recorderWaits = 0;

  const finish = (error?: string) => {
    if (finished) return;
    finished = true;
    upstream.destroy();
    if (!head) {
      exchange.finish({ response: { status: 0, statusText: '', httpVersion: '1.1', rawHeaders: [] }, requestBody, error: error ?? 'no response' });
      return;
    }
    exchange.finish({
      response: { status: head.status, statusText: head.statusText, httpVersion: head.httpVersion, rawHeaders: head.rawHeaders },
      requestBody,
      responseBody,
      chunks: clock.chunks,
      ...(error ? { error } : {}),
    });
  };

  /** The daemon could not be reached or answered garbage: 502 as the http path answers it. */
  const badGateway = (reason: string) => {
    const message = `cannot reach the Docker daemon at ${target.url}: ${reason}`;
    if (!res.headersSent && !res.destroyed) {
      finished = true;
      upstream.destroy();
      return answerBadGateway(res, exchange, requestBody, message);
    }
    res.destroy();
    finish(message);
  };

  // the daemon is paused while the recorder waits for the disk or too many read buffers wait
  // for the client; each buffer comes back when the write carrying it is done
  const mustWait = () => recorderWaits > 0 || reads.lent >= LENT_LIMIT;
  const resume = () => {
    if (!mustWait() && !finished && !complete) upstream.resume();
  };

  const record = (data: Buffer) => {
    clock.add(data.length, performance.now());
    const waiting = responseBody!.write(data);
    if (waiting) {
      recorderWaits++;
      const done = () => {
        recorderWaits--;
        resume();
      };
      waiting.then(done, done);
    }
  };

  const onHead = (h: ResponseHead) => {
    head = h;
    exchange.responded();
    responseBody = exchange.body(rawHeader(h.rawHeaders, 'content-type') ?? '');
    framing = bodyFraming(req.method ?? 'GET', h.status, rawHeader(h.rawHeaders, 'transfer-encoding'), rawHeader(h.rawHeaders, 'content-length'));
    if (framing.kind === 'chunked') decoder = new ChunkedDecoder();
    if (framing.kind === 'length') lengthLeft = framing.length;
    if (framing.kind === 'close') {
      // the body ends when the daemon closes: so must the client's connection
      res.useChunkedEncodingByDefault = false;
      res.shouldKeepAlive = false;
    }
    res.writeHead(h.status, h.statusText, h.rawHeaders);
    // the daemon's framing goes through as it is; Node must not frame it a second time
    res.chunkedEncoding = false;
  };

  /** Relays one piece of the body as raw bytes; `release` once the client has them. */
  const onBody = (raw: Buffer, release: () => void): void => {
    let framed = raw.length;
    if (decoder) {
      framed = decoder.push(raw, record);
      if (decoder.error) throw new Error(`broken chunked framing from the daemon: ${decoder.error}`);
      complete = decoder.done;
    } else if (framing.kind === 'length') {
      framed = Math.min(lengthLeft, raw.length);
      if (framed > 0) record(raw.subarray(0, framed));
      lengthLeft -= framed;
      complete = lengthLeft === 0;
    } else if (raw.length > 0) {
      record(raw);
    }
    if (framed === 0) return release();
    res.write(framed === raw.length ? raw : raw.subarray(0, framed), () => {
      release();
      resume();
    });
  };

  const onRead = (n: number): void => {
    const { bytes, release } = reads.take(n);
    if (finished) return release();
    try {
      let body = bytes;
      if (!head) {
        // the head parser keeps its own copy: the read buffer is free at once
        body = parser.push(bytes);
        release();
        if (parser.failed) return badGateway(parser.failed);
        if (!parser.head) return;
        onHead(parser.head);
        // a head with no body yet (wait, logs -f, events) must reach the client now
        if (body.length === 0 && !complete && !(framing.kind === 'length' && framing.length === 0)) res.flushHeaders();
        if (framing.kind === 'length' && framing.length === 0) complete = true;
        if (!complete && body.length > 0) onBody(body, () => undefined);
      } else if (!complete) {
        onBody(body, release);
      } else {
        release();
      }
      if (complete) {
        upstream.pause();
        if (!res.writableEnded) res.end();
        return;
      }
      if (mustWait()) upstream.pause();
    } catch (err) {
      res.destroy();
      finish((err as Error).message);
    }
  };
  res.on('finish', () => finish());
  res.on('close', () => {
    if (!res.writableFinished) finish('client closed the connection before the response ended');
  });
  upstream.on('end', () => {
    if (finished) return;
    if (!head) return badGateway('the daemon closed the connection without an answer');
    if (framing.kind === 'close') return void res.end();
    res.destroy();
    finish('upstream closed before the end of the body');
  });
  upstream.on('error', (err: Error) => {
    if (finished) return;
    if (!head) return badGateway(err.message);
    res.destroy();
    finish(err.message);
  });
  upstream.write(serializeRequestHead(req.method ?? 'GET', req.url ?? '/', req.httpVersion, req.rawHeaders));
  // a body-less GET: nothing to send after the head, but the request must be consumed
  req.resume();
}
