/**
 * What the proxy says when its recording stops early (the folder failed: disk full, read-only,
 * removed): one warning when it happens, one line on exit. Pure: the writer's report in, text
 * out. Each says what failed, that traffic went on, what is kept where, and what to do.
 */
import path from 'node:path';
import { JOURNAL_SUFFIX, type RecordingIncomplete, type RecordingStop } from '@docktape/recording';

/** The warning, given once, when the first write error stops the recording. */
export function recordingStopped(stop: RecordingStop): string {
  if (stop.lost) {
    return (
      `recording stopped: the recording folder ${path.dirname(stop.journal)} was removed (${stop.path}: ${stop.reason}). ` +
      'Traffic is still forwarded but no longer recorded, and nothing of this recording is left on disk. ' +
      'Restart the proxy with a folder nothing else cleans up to record again.'
    );
  }
  const kept = `the ${stop.entries} exchange${stop.entries === 1 ? '' : 's'} finished before stay readable in ${stop.journal}`;
  const mark = stop.marked ? 'marked incomplete' : `which could not be marked incomplete (${stop.markError})`;
  return (
    `recording stopped: cannot write ${stop.path}: ${stop.reason}. Traffic is still forwarded but no longer recorded; ` +
    `${kept}, ${mark}. Free space or fix the folder, then restart the proxy to record again.`
  );
}

/** The closing line of a recording that stopped early; `file` is what close() left (.har, or the journal). */
export function incompleteOnExit(incomplete: RecordingIncomplete, file: string): string {
  const where = file.endsWith(JOURNAL_SUFFIX)
    ? `${file} (a journal: no .har could be written there; readers take it as it is)`
    : file;
  return `recording incomplete: it stopped at ${incomplete.at} (${incomplete.file ?? 'a file'}: ${incomplete.reason}); the exchanges finished before are in ${where}`;
}
