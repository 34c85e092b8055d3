#!/usr/bin/env node
// The built CLI (dist/ is produced by `npm ci` through the root `prepare` script).
import { main } from '../dist/main.js';

// exit explicitly: the recording is finished when main resolves, and a lingering keep-alive
// socket must not keep a stopped proxy alive
process.exit(await main(process.argv.slice(2)));
