/**
 * Loads recordings for replay and checks them up front, so that a broken fixture fails before
 * the test starts, naming the file, the entry and what to do, and not halfway through a test
 * as a broken stream. The checks are @docktape/recording' (the future `docktape audit` runs the
 * same ones): structure and format version when reading, then every sidecar body's presence,
 * size and sha256 (`verifyBodies`: each blob streamed through the hash once, never held whole).
 *
 * Hashing every blob costs reading it. That is the default because a corrupt fixture found at
 * load costs a clear error, and found while serving costs a test that fails for a reason it
 * cannot show. `verifyBodies: 'when-served'` skips it for folders of huge blobs: each blob is
 * then hashed when first served, still before its response head is sent, so no wrong byte is
 * ever served either way.
 */
import { RecordingError, findRecordings, readRecording, verifyBodies, type RecordingWarning, type Recording } from '@docktape/recording';
import { ReplayError } from './replay-error.js';

export interface LoadFixturesOptions {
  /** When sidecar bodies are hashed: `at-load` (default) or `when-served` (first served; before its head). */
  verifyBodies?: 'at-load' | 'when-served';
  /**
   * Problems that do not stop loading: a journal whose last line a killed proxy cut short (that
   * exchange is left out). Default: a process warning, so it shows in the test output.
   */
  onWarning?: (warning: RecordingWarning) => void;
}

/**
 * Recordings in each folder; a folder without any is searched one level down (one folder per
 * scenario). Rejects with a ReplayError `fixture` (its `fixture` is the RecordingError: file, entry, problem, hint).
 */
export async function loadFixtures(dirs: string | readonly string[], options: LoadFixturesOptions = {}): Promise<Recording[]> {
  const onWarning = options.onWarning ?? ((w: RecordingWarning) => process.emitWarning(w.message, { type: 'DocktapeRecordingWarning', code: w.problem }));
  try {
    const out: Recording[] = [];
    // a folder's recordings, or its subfolders' (one folder per scenario): @docktape/recording
    for (const file of await findRecordings(typeof dirs === 'string' ? [dirs] : dirs)) out.push(await readRecording(file));
    // one at a time: blobs are read from disk, and parallel reads of one disk only contend
    if ((options.verifyBodies ?? 'at-load') === 'at-load') for (const recording of out) await verifyBodies(recording);
    for (const warning of out.flatMap((r) => r.warnings)) onWarning(warning);
    return out;
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    if (err instanceof RecordingError) throw ReplayError.fromFixture(err);
    // e.g. a subfolder that cannot be listed: still one of the package's errors
    throw new ReplayError('fixture', `cannot load fixtures from ${[dirs].flat().join(', ')}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
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
