// @docktape/replay/daemon: the replay daemon and the fixture loading it needs, without the msw
// adapter. What `docktape replay` loads: through the main entry, msw and its dependencies
// (graphql among them) were about 60% of the command's start-up (tools/bench/RESULTS-replay.md).
export { incompleteNotes, loadFixtures, type LoadFixturesOptions } from './load-fixtures.js';
export { ReplayError, type ReplayErrorCode } from './replay-error.js';
export { ReplayEngine, type ReplayOptions } from './replay-engine.js';
export { BINARY_BODIES, type BinaryBodies } from './match-request.js';
export { parseTiming, type Timing } from './timing.js';
export { startReplayDaemon, REPLAY_EXPOSURE, type ReplayDaemonOptions, type RunningReplayDaemon } from './replay-daemon.js';
