/**
 * Issue 12, scope point 2: a tar built again at run time (fresh mtimes, another owner, as
 * `docker cp` builds it) is served against the committed archive fixture, recorded with other
 * times; a tar with other files is refused, naming the entry. The archive scenario runs as
 * recorded, its client only repacking each `putArchive` tar on the way out.
 */
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import type { DockerClient } from '@docktape/client';
import type { ReplayOptions } from '@docktape/replay';
import { archive } from '../../tools/fixtures/scenarios/index.js';
import type { Scenario } from '../../tools/fixtures/scenarios/scenario.js';
import { servedAll, REPLAY_PATHS } from './support/replay-harness.js';

interface Repack {
  /** Changes an entry's header or content, to make a tar the recording does not hold. */
  change?: (name: string, header: tar.Header, content: Buffer) => [tar.Header, Buffer];
}

/** The same entries with this run's time and another owner (and `change` applied). */
async function repacked(bytes: Uint8Array, { change }: Repack): Promise<Buffer> {
  const extract = tar.extract();
  const pack = tar.pack();
  const now = new Date();
  const written = (async () => {
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const c of entry) parts.push(c as Buffer);
      let header: tar.Header = { ...entry.header, mtime: now, uid: 4242, gid: 4242, uname: 'someone', gname: 'someone' };
      let content: Buffer = Buffer.concat(parts);
      if (change) [header, content] = change(header.name, header, content);
      pack.entry({ ...header, size: content.length }, content);
    }
    pack.finalize();
  })();
  extract.end(Buffer.from(bytes));
  const out: Buffer[] = [];
  for await (const c of pack) out.push(c as Buffer);
  await written;
  return Buffer.concat(out);
}

/** The archive scenario, its tars repacked on the way to the replayed daemon; `sent` gets each tar sent. */
function freshTars(repack: Repack, sent: { original: Buffer; live: Buffer }[]): Scenario<Awaited<ReturnType<typeof archive.run>>> {
  return {
    ...archive,
    run: (ctx) => {
      const containers = ctx.client.containers;
      const wrapped = new Proxy(containers, {
        get(target, key, receiver) {
          if (key !== 'putArchive') return Reflect.get(target, key, receiver) as unknown;
          return async (id: string, path: string, body: Uint8Array, options?: object) => {
            const live = await repacked(body, repack);
            sent.push({ original: Buffer.from(body), live });
            return target.putArchive(id, path, live, options);
          };
        },
      });
      return archive.run({ ...ctx, client: { ...ctx.client, containers: wrapped } as DockerClient });
    },
  };
}

/** The scenario up to the first call the replay refused: the client's error, which stops it. */
function untilRefused(scenario: Scenario): Scenario<{ refused: string }> {
  return {
    ...scenario,
    run: async (ctx) => {
      try {
        await scenario.run(ctx);
        return { refused: 'nothing' };
      } catch (err) {
        return { refused: (err as Error).message };
      }
    },
  };
}

describe.each(REPLAY_PATHS)('tar bodies built at run time, replayed through %s', (_path, replay) => {
  it('the same files with fresh mtimes and another owner are served (tar-content, the default)', async () => {
    const sent: { original: Buffer; live: Buffer }[] = [];
    const { outcome, engine } = await replay(freshTars({}, sent));
    expect(sent).toHaveLength(2);
    for (const { original, live } of sent) expect(live.equals(original)).toBe(false);
    expect(servedAll(engine)).toEqual({ errors: [], unserved: [] });
    expect(outcome.tree['d/hello.txt']?.text).toBe('hello from docktape\n');
    expect(outcome.putMissingDir).toMatchObject({ status: 404, operationId: 'PutContainerArchive' });
  });

  it.each<[string, ReplayOptions, Repack, RegExp]>([
    ['with --binary-bodies exact, the same files are refused by their bytes', { binaryBodies: 'exact' }, {}, /PUT \/containers\/[0-9a-f]{64}\/archive\?path=%2Ftmp.*: body of \d+ bytes \(sha256 [0-9a-f]{12}\), recorded \d+ bytes/s],
    [
      'other content in one file is refused, naming it',
      {},
      { change: (name, h, c) => (name === 'd/hello.txt' ? [h, Buffer.from('HELLO FROM DOCKTAPE\n')] : [h, c]) },
      /tar entry d\/hello\.txt changed: content sha256 [0-9a-f]{12}, recorded [0-9a-f]{12}/,
    ],
    ['another mode is refused, naming the entry', {}, { change: (name, h, c) => [name === 'd/blob.bin' ? { ...h, mode: 0o644 } : h, c] }, /tar entry d\/blob\.bin changed: mode 0644, recorded 0600/],
  ])('%s', async (_name, options, repack, message) => {
    const { outcome, engine } = await replay(untilRefused(freshTars(repack, [])), options);
    // the client got the 500 with the message (as `docker cp` would print it), and so did the engine
    expect(outcome.refused).toMatch(/PutContainerArchive\): 500 \[docktape replay\] no recorded exchange matches PUT/);
    expect(outcome.refused).toMatch(message);
    expect(engine.errors.map((e) => e.code)).toEqual(['unmatched']);
  });
});
