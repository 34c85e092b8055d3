/**
 * Progress of `docktape audit` on stderr: only on a terminal (a pipe or a CI log gets nothing)
 * and only for a folder large enough to make someone wait. Pure.
 */
import type { ReadProgress } from '@docktape/audit-report';

/** Files from which progress is worth showing. */
export const PROGRESS_FROM_FILES = 20;

export function showsProgress(isTTY: boolean | undefined, filesTotal: number): boolean {
  return isTTY === true && filesTotal >= PROGRESS_FROM_FILES;
}

/** One line, redrawn in place (`\r`, cleared to the end). */
export function progressLine(p: ReadProgress): string {
  return `\rdocktape audit: read ${p.filesRead}/${p.filesTotal} files, ${p.entries} entries\x1b[K`;
}
