/**
 * Rebinding of container ids and names between a recording and the code replaying it.
 *
 * Why: test code makes names at run time (random suffixes), and ids should not be something a
 * test can get away with hard-coding. So the id a replayed create returns is either fresh or
 * the recorded one (`ids` option), names are whatever the live code asked for, and a binding
 * records each pair. Live requests are translated into the recording's vocabulary before they
 * are matched (`toRecorded`), and served JSON and text bodies back into the live one (`toLive`).
 * Ids are bound in full and as the 12-character short id the docker CLI prints. Pure, apart
 * from the random source, which is injected.
 */
import { randomBytes } from 'node:crypto';

export type IdMode = 'fresh' | 'recorded';

const FULL_ID = /^[0-9a-f]{64}$/;

export class Rebinder {
  /** live -> recorded and recorded -> live, for full ids, short ids and names. */
  private readonly toRec = new Map<string, string>();
  private readonly toLiveMap = new Map<string, string>();
  private pattern: { rec: RegExp | undefined; live: RegExp | undefined } = { rec: undefined, live: undefined };

  constructor(
    readonly ids: IdMode = 'fresh',
    private readonly random: () => string = () => randomBytes(32).toString('hex'),
  ) {}

  /** Binds a recorded id to a live one (fresh, or itself) and returns the live id. */
  bindId(recorded: string): string {
    const known = this.toLiveMap.get(recorded);
    if (known) return known;
    if (!FULL_ID.test(recorded)) return recorded;
    const live = this.ids === 'fresh' ? this.random() : recorded;
    this.add(recorded, live);
    this.add(recorded.slice(0, 12), live.slice(0, 12));
    return live;
  }

  /** Binds a recorded name to the name the live code used. */
  bindName(recorded: string, live: string): void {
    if (recorded !== live) this.add(recorded, live);
  }

  isBoundRecorded(recorded: string): boolean {
    return this.toLiveMap.has(recorded);
  }

  isBoundLive(live: string): boolean {
    return this.toRec.has(live);
  }

  toRecorded(text: string): string {
    return this.replace(text, this.toRec, 'live');
  }

  toLive(text: string): string {
    return this.replace(text, this.toLiveMap, 'rec');
  }

  private add(recorded: string, live: string): void {
    if (recorded === live) return;
    this.toLiveMap.set(recorded, live);
    this.toRec.set(live, recorded);
    this.pattern = { rec: undefined, live: undefined };
  }

  private replace(text: string, map: Map<string, string>, side: 'rec' | 'live'): string {
    if (map.size === 0 || text === '') return text;
    let re = this.pattern[side];
    if (!re) {
      // Longest first, and only whole tokens: a short id must not eat the start of a full one.
      const alternatives = [...map.keys()].sort((a, b) => b.length - a.length).map(escape);
      re = new RegExp(`(?<![A-Za-z0-9_.-])(?:${alternatives.join('|')})(?![A-Za-z0-9_-])`, 'g');
      this.pattern[side] = re;
    }
    return text.replace(re, (m) => map.get(m) ?? m);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
