export { BufferedSpill, DirectSpill, SpillError, probeDirectIo, type SpillFile, type SpillErrorListener } from './spill-file.js';
