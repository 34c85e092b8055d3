/**
 * Bind sources as the host will see them: normalised (`/srv/../etc` is `/etc`) and with symlinks
 * resolved, so `/srv/data/link -> /etc` is judged as `/etc`. A path that does not exist yet is
 * resolved as far as it exists (the daemon creates the rest under the resolved part). I/O:
 * reads the filesystem of the machine the proxy runs on, which is the daemon's host when the
 * proxy guards a local socket; for a remote daemon the paths are only normalised.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { BodyFacts } from './body-facts.js';

export function resolveHostPath(p: string, realpath: (p: string) => string = realpathSync): string {
  const normal = path.posix.resolve('/', p);
  let existing = normal;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.posix.join(realpath(existing), ...rest.reverse());
    } catch {
      if (existing === '/') return normal;
      rest.push(path.posix.basename(existing));
      existing = path.posix.dirname(existing);
    }
  }
}

/** The facts with every host path resolved (`local`: the daemon shares this filesystem). */
export function resolveFacts(facts: BodyFacts, local: boolean): BodyFacts {
  const resolve = local ? (p: string) => resolveHostPath(p) : (p: string) => path.posix.resolve('/', p);
  return { ...facts, bindSources: facts.bindSources.map(resolve), volumeBinds: facts.volumeBinds.map(resolve) };
}
