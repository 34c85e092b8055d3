/**
 * Which way a user's suite talks to Docker, chosen by one environment variable so the same
 * test file records, replays or runs live without an edit:
 * - `replay` (the default): recorded fixtures answer, no daemon needed (CI, laptops);
 * - `record`: the real daemon answers through a recording proxy, and the fixtures are replaced;
 * - `live`: the real daemon answers, nothing is recorded (checking the daemon still agrees).
 */
import { ReplayError } from '../replay-error.js';

export type TapeMode = 'record' | 'replay' | 'live';

export const TAPE_MODE_VARIABLE = 'DOCKTAPE_MODE';
const MODES: readonly TapeMode[] = ['record', 'replay', 'live'];

/** The mode `env` asks for (`DOCKTAPE_MODE`, case-insensitive), `fallback` when unset or empty. Pure. */
export function tapeMode(env: Readonly<Record<string, string | undefined>> = process.env, fallback: TapeMode = 'replay'): TapeMode {
  const raw = env[TAPE_MODE_VARIABLE]?.trim().toLowerCase();
  if (!raw) return fallback;
  if ((MODES as readonly string[]).includes(raw)) return raw as TapeMode;
  // a typo must not silently replay (or worse, silently re-record)
  throw new ReplayError('usage', `${TAPE_MODE_VARIABLE}=${env[TAPE_MODE_VARIABLE]} is not a mode: use ${MODES.join(', ')}`);
}
