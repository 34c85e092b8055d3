/**
 * Loads recordings with the @docktape/fixtures reader (which already names the file and entry
 * of anything corrupt or of an unknown format version) and checks up front that every sidecar
 * body is there, so a missing blob fails at load time rather than mid-test.
 */
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { bodyPath, FixtureError, listRecordings, readRecording, type HarEntry, type RecordedContent, type Recording } from '@docktape/fixtures';

/** Recordings in each folder; a folder without any is searched one level down (one folder per scenario). */
export async function loadFixtures(dirs: string | readonly string[]): Promise<Recording[]> {
  const out: Recording[] = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    let files = await listRecordings(dir);
    if (files.length === 0) {
      const subdirs = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'blobs');
      files = (await Promise.all(subdirs.map((d) => listRecordings(path.join(dir, d.name))))).flat();
    }
    if (files.length === 0) throw new FixtureError('no recordings (.har or .har.jsonl) here', path.resolve(dir));
    for (const file of files) out.push(await readRecording(file));
  }
  await Promise.all(out.map(checkSidecars));
  return out;
}

function contentsOf(entry: HarEntry): RecordedContent[] {
  const list: RecordedContent[] = [entry.response.content];
  if (entry.request.postData) list.push(entry.request.postData);
  if (entry._hijack) list.push(entry._hijack.clientToDaemon.content, entry._hijack.daemonToClient.content);
  return list;
}

async function checkSidecars(recording: Recording): Promise<void> {
  await Promise.all(
    recording.entries.map(async (entry, i) => {
      for (const content of contentsOf(entry)) {
        const file = bodyPath(recording.file, content);
        if (!file) continue;
        try {
          await access(file);
        } catch {
          throw new FixtureError(`sidecar body ${content._file} is missing`, recording.file, i);
        }
      }
    }),
  );
}

/**
 * A line for each recording that stopped early (its folder failed while the proxy recorded,
 * `_docktape.incomplete`): replaying it serves only the exchanges finished before, so a client
 * that gets further than the recording did will find nothing to match, and should know why.
 */
export function incompleteNotes(recordings: readonly Recording[]): string[] {
  return recordings.flatMap(({ file, info, entries }) => {
    const stop = info.incomplete;
    if (!stop) return [];
    return [
      `${file} is incomplete: recording stopped at ${stop.at} (${stop.file ? `${stop.file}: ` : ''}${stop.reason}); ` +
        `it holds the ${entries.length} exchanges finished before that, none after`,
    ];
  });
}
