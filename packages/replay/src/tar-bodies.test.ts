/**
 * Tar request bodies through the engine API both adapters use (answerRequest): a tar built again
 * with fresh mtimes and other owners is served the recorded answer; other files are refused,
 * naming the entry; a corrupt tar falls back to bytes and says so.
 */
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { answerRequest, type Carrier, type IncomingRequest } from './answer-request.js';
import { ReplayEngine } from './replay-engine.js';
import { BodyFactsBuilder } from './request-facts.js';
import { sampleRecording } from './testing/sample-recording.js';

const MSW: Carrier = { name: 'msw', upgrades: false };
const ID = 'a'.repeat(64);
const URL = `/v1.40/containers/${ID}/archive?path=%2Ftmp`;

interface Files {
  mtime?: Date;
  uid?: number;
  mode?: number;
  name?: string;
  text?: string;
}

async function packed(f: Files = {}): Promise<Buffer> {
  const pack = tar.pack();
  const owner = { mtime: f.mtime ?? new Date(Date.UTC(2024, 0, 1)), uid: f.uid ?? 0, gid: f.uid ?? 0, uname: f.uid ? 'me' : 'root', gname: f.uid ? 'me' : 'root' };
  pack.entry({ name: 'd', type: 'directory', mode: 0o755, ...owner });
  pack.entry({ name: f.name ?? 'd/hello.txt', mode: f.mode ?? 0o644, ...owner }, f.text ?? 'hello\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function engineWith(recorded: Buffer, options: ConstructorParameters<typeof ReplayEngine>[1] = {}): Promise<ReplayEngine> {
  const recording = sampleRecording([{ method: 'PUT', url: URL, status: 200, body: '' }]);
  const request = recording.entries[0]!.request;
  request.headers = [{ name: 'Content-Type', value: 'application/x-tar' }];
  request.postData = { size: recorded.length, mimeType: 'application/x-tar', text: recorded.toString('base64'), encoding: 'base64' };
  return new ReplayEngine([recording], { ids: 'recorded', ...options });
}

/** The live PUT, its body fed in 1000-byte pieces as a socket would. */
function put(body: Buffer, contentType = 'application/x-tar'): IncomingRequest {
  return {
    method: 'PUT',
    url: `http://docker${URL}`,
    body: async () => {
      const facts = new BodyFactsBuilder(contentType);
      for (let i = 0; i < body.length; i += 1000) await facts.push(body.subarray(i, i + 1000));
      return facts.done();
    },
  };
}

describe('tar request bodies', () => {
  it('a tar with the same files, other mtimes and owners, is served the recorded answer', async () => {
    const recorded = await packed();
    const live = await packed({ mtime: new Date(Date.UTC(2030, 5, 6, 7, 8, 9)), uid: 1000 });
    expect(live.equals(recorded)).toBe(false);
    const engine = await engineWith(recorded);
    expect(await answerRequest(engine, put(live), MSW)).toMatchObject({ kind: 'response', status: 200 });
    expect(engine.errors).toEqual([]);
    expect(engine.unserved()).toEqual([]);
  });

  it('with binaryBodies exact, the same tar with fresh mtimes is refused by its bytes', async () => {
    const engine = await engineWith(await packed(), { binaryBodies: 'exact' });
    const answer = await answerRequest(engine, put(await packed({ mtime: new Date(Date.UTC(2030, 0, 1)) })), MSW);
    expect(answer).toMatchObject({ kind: 'error', error: { code: 'unmatched', message: expect.stringMatching(/body of (\d+) bytes \(sha256 [0-9a-f]{12}\), recorded \1 bytes \(sha256 [0-9a-f]{12}\)$/) } });
  });

  it.each([
    ['other content', { text: 'HELLO\n' }, /tar entry d\/hello\.txt changed: content sha256 [0-9a-f]{12}, recorded [0-9a-f]{12}/],
    ['another mode', { mode: 0o600 }, /tar entry d\/hello\.txt changed: mode 0600, recorded 0644/],
    ['another name', { name: 'd/bye.txt' }, /tar entry d\/bye\.txt added \(file 0644, 6 bytes\), not in the recording; tar entry d\/hello\.txt missing: recorded \(file 0644, 6 bytes\), not sent/],
  ] as const)('%s is refused, naming the entry', async (_name, files, message) => {
    const engine = await engineWith(await packed());
    const answer = await answerRequest(engine, put(await packed({ ...files, mtime: new Date() })), MSW);
    expect(answer).toMatchObject({ kind: 'error', error: { code: 'unmatched' } });
    if (answer.kind !== 'error') return;
    expect(answer.error.message).toMatch(/^\[docktape replay\] no recorded exchange matches PUT \/containers\/a{64}\/archive\?path=%2Ftmp\. Closest recorded exchanges:\n {2}- PUT /);
    expect(answer.error.message).toMatch(message);
  });

  it('a corrupt tar is compared by its bytes, and the message says so', async () => {
    const engine = await engineWith(await packed());
    const corrupt = Buffer.from(await packed({ mtime: new Date() }));
    corrupt.writeUInt8(corrupt.readUInt8(512 + 148) ^ 0x7, 512 + 148); // the second header's checksum
    const answer = await answerRequest(engine, put(corrupt), MSW);
    expect(answer).toMatchObject({ kind: 'error', error: { code: 'unmatched' } });
    if (answer.kind !== 'error') return;
    expect(answer.error.message).toMatch(/compared by bytes: the live body claims to be a tar \(a tar header\) but is not one \(Invalid tar header/);
  });

  it('a corrupt tar with exactly the recorded bytes is still served', async () => {
    const corrupt = Buffer.from(await packed());
    corrupt.writeUInt8(corrupt.readUInt8(512 + 148) ^ 0x7, 512 + 148);
    const engine = await engineWith(corrupt);
    expect(await answerRequest(engine, put(corrupt), MSW)).toMatchObject({ kind: 'response', status: 200 });
  });
});
