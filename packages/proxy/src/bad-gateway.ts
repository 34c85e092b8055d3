/**
 * The daemon could not be reached (or answered something that is not HTTP): the client gets a
 * Docker-style `502 {"message": ...}` and the exchange is recorded as failed with that answer.
 * Shared by the http-proxy path and the streamed-body path, which must answer alike.
 */
import type { ServerResponse } from 'node:http';
import { errorBody } from './docker-error.js';
import type { Exchange, RecordedBody } from './exchange.js';

export function answerBadGateway(res: ServerResponse, exchange: Exchange, requestBody: RecordedBody, message: string): void {
  const body = errorBody(message);
  res.writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  const responseBody = exchange.body('application/json');
  void responseBody.write(Buffer.from(body));
  exchange.responded();
  exchange.finish({
    response: { status: 502, statusText: 'Bad Gateway', httpVersion: '1.1', rawHeaders: ['Content-Type', 'application/json'] },
    requestBody,
    responseBody,
    error: message,
    termination: 'daemon_unreachable',
  });
}
