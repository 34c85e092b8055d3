/** The proxy's own version (written into every recording), read from its package.json. */
import { readFileSync } from 'node:fs';

export const PROXY_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
