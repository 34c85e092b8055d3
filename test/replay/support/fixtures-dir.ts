/**
 * Where the committed fixtures are (test/fixtures), apart from replay-harness.ts: the files
 * that only need the path (the docker CLI sessions, which start first and run longest) do not
 * wait for msw, the client and the scenarios to load before their first step.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
