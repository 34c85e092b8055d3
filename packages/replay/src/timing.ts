/**
 * How recorded timing is replayed: `none` (as fast as possible, chunk boundaries kept),
 * `recorded` (each chunk when it arrived in the recording), or `{ scale }` (times multiplied:
 * 0.1 is ten times faster). Pure apart from `sleepUntil`.
 */
import { ReplayError } from './replay-error.js';

export type Timing = 'none' | 'recorded' | { scale: number };

/** ms after the start at which something recorded at `atMs` is replayed; undefined: at once. */
export function replayAt(atMs: number, timing: Timing): number | undefined {
  if (timing === 'none') return undefined;
  const scale = timing === 'recorded' ? 1 : timing.scale;
  return Math.max(0, atMs * scale);
}

export function parseTiming(text: string): Timing {
  if (text === 'none' || text === 'recorded') return text;
  const m = /^(?:scale=)?(\d+(?:\.\d+)?)x?$/.exec(text);
  if (m) return { scale: Number(m[1]) };
  throw new ReplayError('usage', `timing "${text}": expected none, recorded or a scale such as 0.5`);
}

export function sleepUntil(t0: number, atMs: number | undefined): Promise<void> | undefined {
  if (atMs === undefined) return undefined;
  const wait = t0 + atMs - performance.now();
  return wait > 1 ? new Promise((resolve) => setTimeout(resolve, wait)) : undefined;
}
