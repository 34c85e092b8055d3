import { describe, expect, it } from 'vitest';
import { clientOf, terminationOf, type Termination } from './exchange-facts.js';
import { RecordedBody } from './exchange.js';

describe('terminationOf', () => {
  const cases: [string, { hijacked: boolean; error: string | undefined }, Termination][] = [
    ['a plain exchange without error', { hijacked: false, error: undefined }, 'complete'],
    ['a hijacked session both sides closed', { hijacked: true, error: undefined }, 'upgraded_closed'],
    ['http-proxy saw the client abort', { hijacked: false, error: 'client aborted' }, 'client_abort'],
    ['the client left mid-body', { hijacked: false, error: 'client closed the connection before the response ended' }, 'client_abort'],
    ['the client left before its body was read', { hijacked: false, error: 'client went away before the request body was read' }, 'client_abort'],
    ['a hijack client failed', { hijacked: true, error: 'client connection failed: read ECONNRESET' }, 'client_abort'],
    ['the daemon dropped mid-body', { hijacked: false, error: 'daemon connection failed before the end of the body: aborted' }, 'daemon_reset'],
    ['upstream closed early', { hijacked: false, error: 'upstream closed before the end of the body' }, 'daemon_reset'],
    ['no daemon', { hijacked: false, error: 'cannot reach the Docker daemon at unix:///x: connect ENOENT' }, 'daemon_unreachable'],
    ['a policy refusal', { hijacked: false, error: 'refused by policy: no' }, 'refused'],
  ];
  it.each(cases)('%s', (_name, given, want) => {
    expect(terminationOf(given.hijacked, given.error)).toBe(want);
  });
});

describe('clientOf', () => {
  it('names a tcp peer by address and port, a unix peer without credentials', () => {
    expect(clientOf({ remoteAddress: '127.0.0.1', remotePort: 40000 })).toEqual({ transport: 'tcp', address: '127.0.0.1', port: 40000 });
    expect(clientOf({ remoteAddress: undefined, remotePort: undefined })).toEqual({ transport: 'unix', pid: null, uid: null });
  });
});

describe('RecordedBody kept for observers', () => {
  const policy = (limitBytes: number) => ({ limitBytes, wanted: (_m: string, _u: string, type: string) => type === 'application/json' });
  it('holds a wanted body, copied, and counts it', async () => {
    const body = new RecordedBody(undefined, 'application/json', { policy: policy(100), method: 'GET', url: '/x' });
    const lent = Buffer.from('{"a":');
    void body.write(lent);
    lent.fill(0); // the streamed relay reuses its read buffers
    void body.write(Buffer.from('1}'));
    expect(body.kept()?.toString()).toBe('{"a":1}');
    expect((await body.end()).size).toBe(7);
  });
  it('says too-large past the bound, and holds nothing of a body nobody wants', () => {
    const big = new RecordedBody(undefined, 'application/json', { policy: policy(4), method: 'GET', url: '/x' });
    void big.write(Buffer.from('{"a":1}'));
    expect(big.kept()).toBe('too-large');
    const tar = new RecordedBody(undefined, 'application/x-tar', { policy: policy(100), method: 'GET', url: '/x' });
    void tar.write(Buffer.from('tar'));
    expect(tar.kept()).toBeUndefined();
    expect(new RecordedBody(undefined, 'application/json').kept()).toBeUndefined();
  });
  it('decides on the media type known at the first byte (a hijack learns it late)', () => {
    const late = new RecordedBody(undefined, '', { policy: policy(100), method: 'POST', url: '/x' });
    late.setMimeType('application/json');
    void late.write(Buffer.from('{}'));
    expect(late.kept()?.toString()).toBe('{}');
  });
});
