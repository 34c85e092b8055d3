/**
 * Which erratum explains a place where the upstream spec rejects a recorded body and the errata
 * overlay accepts it. Pure.
 *
 * `x-instance` pointers are the places the live test saw (`/HostConfig/Binds` in an inspect), but
 * the same erratum shows up elsewhere: in a list (`/3/HostConfig/Binds`), on another network
 * (`/NetworkSettings/Networks/mynet/Links`) or on a sibling field the erratum also patches
 * (`/HostConfig/CapDrop`). So each erratum is scored by how much of the location its instances
 * share from the start and from the end (array indexes ignored), plus one when the last segment
 * is a field it patches; the best score wins, an exact instance always.
 */
import type { ErratumRow } from './erratum-row.js';

const segments = (pointer: string) => (pointer === '' ? [] : pointer.slice(1).split('/').filter((s) => !/^\d+$/.test(s)));

function shared(a: string[], b: string[]): number {
  let front = 0;
  while (front < a.length && front < b.length && a[front] === b[front]) front++;
  if (front === a.length && front === b.length) return front;
  let back = 0;
  while (back < a.length - front && back < b.length - front && a[a.length - 1 - back] === b[b.length - 1 - back]) back++;
  return front + back;
}

export function scoreErratum(location: string, erratum: ErratumRow): number {
  if (erratum.instances.includes(location)) return Number.MAX_SAFE_INTEGER;
  const loc = segments(location);
  const last = loc[loc.length - 1];
  const bonus = last !== undefined && erratum.fields.includes(last) ? 1 : 0;
  let best = 0;
  for (const instance of erratum.instances) {
    const inst = segments(instance);
    // the whole body ('' in x-instance) matches only a location that is the body too
    if (inst.length === 0) best = Math.max(best, loc.length === 0 ? 100 : 0);
    else best = Math.max(best, shared(loc, inst));
  }
  return best + bonus;
}

/** The erratum that best explains `location`, or undefined when none shares any of it. */
export function attributeErratum(location: string, errata: readonly ErratumRow[]): ErratumRow | undefined {
  let winner: ErratumRow | undefined;
  let top = 0;
  for (const erratum of errata) {
    const score = scoreErratum(location, erratum);
    if (score > top) [winner, top] = [erratum, score];
  }
  return winner;
}
