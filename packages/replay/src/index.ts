export { createReplayHandlers, replayEngine, type ReplayHandlerOptions, type ReplayFixtures } from './msw-handlers.js';
export { startReplayDaemon, REPLAY_EXPOSURE, type ReplayDaemonOptions, type RunningReplayDaemon } from './replay-daemon.js';
export { ReplayEngine, type ReplayOptions, type LiveRequest, type RecordedExchange } from './replay-engine.js';
export { incompleteNotes, loadFixtures } from './load-fixtures.js';
export { ReplayError, type ReplayErrorCode } from './replay-error.js';
export { Rebinder, type IdMode } from './rebind-ids.js';
export { compareRequest, type MatchOptions, type ComparableRequest } from './match-request.js';
export { foldUrl, foldPath } from './fold-path.js';
export { parseTiming, type Timing } from './timing.js';
