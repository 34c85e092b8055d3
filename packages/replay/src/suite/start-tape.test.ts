/**
 * startTape in each mode, against real sockets: the replay daemon and msw serving a recording
 * written to disk, a recording proxy in front of a small HTTP server standing in for dockerd.
 */
import http from 'node:http';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDockerClient } from '@docktape/client';
import { FIXTURE_FORMAT_VERSION } from '@docktape/recording';
import { loadFixtures } from '../load-fixtures.js';
import { ReplayError } from '../replay-error.js';
import { sampleEntry } from '../testing/sample-recording.js';
import { startTape } from './start-tape.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dt-tape-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeRecording(fixtures: string): Promise<void> {
  const info = { formatVersion: FIXTURE_FORMAT_VERSION, proxyVersion: 'test', target: 'unix:///d.sock', startedDateTime: '2024-01-01T00:00:00.000Z' };
  const entries = [
    sampleEntry(1, { url: '/v1.40/_ping', body: 'OK', headers: [['Content-Type', 'text/plain; charset=utf-8']] }),
    sampleEntry(2, { url: '/v1.40/version', body: '{"ApiVersion":"1.40"}', headers: [['Content-Type', 'application/json']] }),
  ];
  await mkdir(fixtures, { recursive: true });
  await writeFile(path.join(fixtures, 'recording.har'), JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '0' }, entries, _docktape: info } }));
}

describe.each(['daemon', 'msw'] as const)('replay mode, served by %s', (serve) => {
  it('serves the recording; stop() passes when everything was asked for', async () => {
    await writeRecording(dir);
    const tape = await startTape({ fixtures: dir, mode: 'replay', serve });
    const docker = createDockerClient(tape.clientOptions);
    try {
      expect((await docker.api.GET('/_ping', { parseAs: 'text' })).data).toBe('OK');
      expect((await docker.api.GET('/version')).data).toEqual({ ApiVersion: '1.40' });
    } finally {
      await docker.close();
    }
    await expect(tape.stop()).resolves.toBeUndefined();
  });

  it('stop() fails naming the recorded exchange the run never asked for', async () => {
    await writeRecording(dir);
    const tape = await startTape({ fixtures: dir, mode: 'replay', serve });
    const docker = createDockerClient(tape.clientOptions);
    await docker.api.GET('/_ping', { parseAs: 'text' });
    await docker.close();
    const stopped = tape.stop();
    await expect(stopped).rejects.toThrow(ReplayError);
    await expect(stopped).rejects.toThrow(/1 recorded exchange\(s\) were never asked for:\n {2}- GET http:\/\/docker\/v1\.40\/version/);
  });
});

describe('live mode', () => {
  it('points clients at the daemon, as the docker CLI finds it', async () => {
    const tape = await startTape({ fixtures: dir, mode: 'live', env: { DOCKER_HOST: 'unix:///run/other.sock' } });
    expect(tape.clientOptions).toEqual({ host: 'unix:///run/other.sock' });
    expect(tape.engine).toBeUndefined();
  });
});

describe('record mode', () => {
  it('records through the proxy and replaces the fixtures only at stop()', async () => {
    const socket = path.join(dir, 'dockerd.sock');
    const daemon = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Api-Version': '1.40' }).end('OK');
    });
    await new Promise<void>((resolve) => daemon.listen(socket, resolve));
    const fixtures = path.join(dir, 'fixtures');
    await mkdir(fixtures);
    await writeFile(path.join(fixtures, 'stale.har'), 'from an older recording');
    try {
      const tape = await startTape({ fixtures, mode: 'record', target: `unix://${socket}`, env: {} });
      const docker = createDockerClient(tape.clientOptions);
      expect((await docker.api.GET('/_ping', { parseAs: 'text' })).data).toBe('OK');
      await docker.close();
      // until stop() the old fixtures stay: an interrupted run leaves them as they were
      expect(await readdir(fixtures)).toEqual(['stale.har']);
      await tape.stop();
    } finally {
      await new Promise((resolve) => daemon.close(resolve));
    }
    const recordings = await loadFixtures(fixtures);
    expect(recordings.flatMap((r) => r.entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname} ${e.response.status}`))).toEqual(['GET /v1.40/_ping 200']);
    expect((await readdir(fixtures)).filter((f) => f.startsWith('stale'))).toEqual([]);
  });
});
