/**
 * Locates the pinned upstream spec and proves it is the file we were built against.
 * The spec is read in place (../shared/spec by default, DOCKTAPE_SPEC to override); its sha256
 * must equal the pin in spec/pin.json, so a moved, edited or different version fails loudly.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface SpecPin {
  path: string;
  sha256: string;
  upstream: string;
  apiVersion: string;
}

export class SpecPinError extends Error {
  override name = 'SpecPinError';
}

export interface PinnedSpec {
  pin: SpecPin;
  file: string;
  text: string;
}

export async function readPinnedSpec(repoRoot: string, env = process.env): Promise<PinnedSpec> {
  const pinFile = path.join(repoRoot, 'spec', 'pin.json');
  const pin = JSON.parse(await readFile(pinFile, 'utf8')) as SpecPin;
  const file = env.DOCKTAPE_SPEC ? path.resolve(env.DOCKTAPE_SPEC) : path.resolve(repoRoot, pin.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new SpecPinError(
      `cannot read the Docker Engine API spec at ${file} (${(err as NodeJS.ErrnoException).code ?? err}).\n` +
        `It is expected at ${pin.path} relative to the repository (the shared folder beside the checkout), ` +
        `or at the path in DOCKTAPE_SPEC.`,
      { cause: err },
    );
  }
  const actual = sha256(bytes);
  if (actual !== pin.sha256) {
    throw new SpecPinError(
      `the spec at ${file} has sha256 ${actual}, but spec/pin.json pins ${pin.sha256} (${pin.upstream}).\n` +
        `Use the pinned file; to move to another upstream version, update spec/pin.json and review the errata overlay.`,
    );
  }
  return { pin, file, text: bytes.toString('utf8') };
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
