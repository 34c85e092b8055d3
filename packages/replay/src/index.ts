// The engine: pure (no msw, no sockets), shared by both adapters and open to others.
export { ReplayEngine, replayEngine, type ReplayOptions, type ReplayFixtures, type LiveRequest, type RecordedExchange } from './replay-engine.js';
export {
  answerRequest,
  answerUpgrade,
  errorAnswer,
  type IncomingRequest,
  type Carrier,
  type Answer,
  type ErrorAnswer,
  type ResponseAnswer,
  type UpgradeAnswer,
} from './answer-request.js';
export { HijackClient, type HijackOutput } from './hijack-replay.js';
export { ProgressGate } from './client-progress.js';
export { incompleteNotes, loadFixtures, type LoadFixturesOptions } from './load-fixtures.js';
export { ReplayError, type ReplayErrorCode } from './replay-error.js';
export { Rebinder, type IdMode } from './rebind-ids.js';
export { compareRequest, BINARY_BODIES, type BinaryBodies, type MatchOptions, type ComparableRequest, type RequestBodyFacts } from './match-request.js';
export { foldUrl, foldPath } from './fold-path.js';
export { tarDifferences, type TarEntryFacts, type TarReading } from './tar-manifest.js';
export { parseTiming, type Timing } from './timing.js';
// The adapters: msw handlers (in process) and the replay daemon (a socket; also the subpath
// @docktape/replay/daemon, which leaves msw out).
export { createReplayHandlers, type ReplayHandlerOptions } from './msw-handlers.js';
export { startReplayDaemon, REPLAY_EXPOSURE, type ReplayDaemonOptions, type RunningReplayDaemon } from './replay-daemon.js';
// For a user's suite (also the subpath @docktape/replay/suite): DOCKTAPE_MODE, startTape, the served-everything check.
export * from './suite/index.js';
