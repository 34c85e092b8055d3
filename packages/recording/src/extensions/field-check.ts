/**
 * What every codec's `check` is given: the reader's `fail`, which throws a RecordingError
 * `bad-entry` naming the file and the entry (recording-reader.ts `checkEntry`). A check names the
 * field in its sentence, so the message says entry and field together.
 */
export type Fail = (what: string) => never;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"x"`, or `is missing` for undefined: how a wrong value is quoted in a check's sentence. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? 'is missing';
}
