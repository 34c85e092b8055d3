/**
 * The member names of a tar, sorted and one a line: what tests compare when tar bytes differ
 * between containers (mtimes, ids) but the listing must not. Read with tar-stream.
 */
import { Readable } from 'node:stream';
import tarStream from 'tar-stream';

export async function tarNames(tar: Buffer): Promise<string> {
  const names: string[] = [];
  const extract = tarStream.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      names.push(header.name);
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([tar]).pipe(extract);
  await done;
  return names.sort().join('\n');
}
