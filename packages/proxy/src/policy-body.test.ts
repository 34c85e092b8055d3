import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readPolicyBody, type PolicyBody } from './policy-body.js';

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Sends `send` to a server that reads the body with `max`; what the reader saw. */
async function read(max: number, send: (req: http.ClientRequest, arrived: Promise<void>) => void, headers: http.OutgoingHttpHeaders): Promise<PolicyBody | 'aborted'> {
  let seen: (r: PolicyBody | 'aborted') => void = () => undefined;
  const result = new Promise<PolicyBody | 'aborted'>((resolve) => (seen = resolve));
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  server = http.createServer((req: IncomingMessage, res) => {
    arrive();
    readPolicyBody(req, max, () => seen('aborted'), (body) => {
      seen(body);
      res.writeHead(204, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const req = http.request({ port: (server.address() as AddressInfo).port, method: 'POST', path: '/', headers, agent: false });
  req.on('error', () => undefined);
  req.on('response', (res) => res.resume());
  send(req, arrived);
  return result;
}

describe('readPolicyBody', () => {
  it('reads a Content-Length body whole', async () => {
    expect(await read(100, (r) => r.end('{"Image":"x"}'), { 'content-length': 13 })).toEqual({ bytes: Buffer.from('{"Image":"x"}') });
  });
  it('reads a chunked body de-chunked', async () => {
    const got = await read(100, (r) => {
      r.write('{"Ima');
      r.end('ge":"x"}');
    }, { 'transfer-encoding': 'chunked' });
    expect(got).toEqual({ bytes: Buffer.from('{"Image":"x"}') });
  });
  it('stops at the limit without reading the rest', async () => {
    const got = await read(1024, (r) => {
      r.write(Buffer.alloc(4096, 0x20));
      // the rest never needs to arrive: the reader has decided
    }, { 'content-length': 1024 * 1024 });
    expect(got).toMatchObject({ tooLarge: expect.any(Number), head: expect.any(Buffer) });
    expect((got as { head: Buffer }).head.length).toBe((got as { tooLarge: number }).tooLarge);
    expect((got as { tooLarge: number }).tooLarge).toBeGreaterThan(1024);
  });
  it('says so when the client leaves mid-body', async () => {
    const got = await read(100, (r, arrived) => {
      r.write('{"Im');
      void arrived.then(() => r.destroy());
    }, { 'content-length': 50 });
    expect(got).toBe('aborted');
  });
});
