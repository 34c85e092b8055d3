// @docktape/replay/suite: record, replay or run live by DOCKTAPE_MODE, for a user's own test suite.
export { tapeMode, TAPE_MODE_VARIABLE, type TapeMode } from './tape-mode.js';
export { assertServedEverything, servedReport, describeServed, type ServedReport } from './served-everything.js';
export { startTape, type Tape, type TapeOptions, type TapeClientOptions } from './start-tape.js';
