/**
 * Wiring: `--policy preset:NAME` or `--policy FILE` to a Policy, reading the file and the files
 * it extends (relative to the file naming them). Errors are PolicyErrors naming file and line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PolicyError } from './policy-error.js';
import { parsePolicy } from './policy-file.js';
import { PRESETS } from './presets.js';
import type { Policy } from './policy-types.js';

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(file, undefined, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function loadPolicy(spec: string): Policy {
  if (spec.startsWith('preset:')) {
    const preset = PRESETS[spec.slice('preset:'.length)];
    if (!preset) throw new PolicyError(spec, undefined, `no such preset (there are ${Object.keys(PRESETS).map((p) => `preset:${p}`).join(', ')})`);
    return preset;
  }
  return parsePolicy(spec, read(spec), {
    load(name, from) {
      const file = path.resolve(path.dirname(from), name);
      return { source: file, text: read(file) };
    },
  });
}
