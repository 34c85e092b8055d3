/**
 * What the proxy redacts, from its flags (`--redact-env`, `--redact-query`) and the policy
 * file's `redact:` together: each only adds. Env patterns match a variable's NAME as a
 * substring in any letter case (`KEY` redacts `API_KEY` and `keyring`), on top of the defaults;
 * query names match a parameter's decoded name exactly, in any letter case. Pure.
 */
import { DEFAULT_SECRET_PATTERNS } from './redact-secrets.js';
import type { RedactionSettings } from './policy-types.js';

/** What the proxy applies: every Env pattern (defaults first) and every query name. */
export interface RedactionPlan {
  envPatterns: readonly string[];
  queryNames: readonly string[];
}

/** The defaults plus every source's additions, each name once (first spelling kept). */
export function redactionPlan(...sources: (Partial<RedactionSettings> | undefined)[]): RedactionPlan {
  const once = (names: string[]) => {
    const seen = new Set<string>();
    return names.filter((n) => {
      const key = n.toUpperCase();
      if (n === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  return {
    envPatterns: once([...DEFAULT_SECRET_PATTERNS, ...sources.flatMap((s) => s?.env ?? [])]),
    queryNames: once(sources.flatMap((s) => s?.query ?? [])),
  };
}
