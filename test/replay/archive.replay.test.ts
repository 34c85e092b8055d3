/** Archive operations and export replayed with no daemon: PathStat decoding, tar bytes, errors. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { archive } from '../../tools/fixtures/scenarios/index.js';
import { binaryPayload, HELLO } from '../../tools/fixtures/scenarios/archive.js';
import { servedAll, REPLAY_PATHS } from './support/replay-harness.js';

const blobSha = createHash('sha256').update(binaryPayload()).digest('hex');

describe.each(REPLAY_PATHS)('archive and export replayed through %s', (_path, replay) => {
  it('stat of a directory, a file and a symlink; tar bytes back byte for byte; 404s with messages', async () => {
    const { outcome: o, engine } = await replay(archive);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(o.dir).toMatchObject({ name: 'd', isDirectory: true, isSymlink: false });
    expect(o.file).toMatchObject({ name: 'hello.txt', size: HELLO.length, isDirectory: false, isSymlink: false });
    expect(o.link).toMatchObject({ name: 'sh', isSymlink: true, linkTarget: '/bin/busybox' });
    expect(o.getStat).toEqual({ name: 'd', isDirectory: true });
    expect(o.tree['d/hello.txt']?.text).toBe(HELLO);
    expect(o.tree['d/blob.bin']).toMatchObject({ size: 300 * 1024, sha256: blobSha });
    // HEAD has no body: the status is what tells (the client reports the status text)
    expect(o.missingStat).toMatchObject({ status: 404, operationId: 'ContainerArchiveInfo' });
    expect(o.missingGet).toMatchObject({ status: 404, operationId: 'ContainerArchive', message: expect.stringMatching(/^Could not find the file \/no\/such\/path in container [0-9a-f]{64}$/) });
    expect(o.putMissingDir).toMatchObject({ status: 404, operationId: 'PutContainerArchive' });
    expect(o.export.busybox).toBeGreaterThan(1024 * 1024);
    expect(o.export.blob).toMatchObject({ size: 300 * 1024, sha256: blobSha });
    expect(o.export.hello).toBe(HELLO);
  });
});
