// Preloaded into a proxy under test (NODE_OPTIONS=--import=<this file>), never part of the
// proxy itself. On SIGUSR2 it runs a full garbage collection and writes one line to stderr:
//   docktape-test gc <n> <process.memoryUsage() as JSON>
// Why: a memory figure read from outside (/proc/PID/status) right after a burst of traffic
// mostly measures garbage V8 has not collected yet; a collection first, and the test can tell
// memory the proxy still holds from memory it merely has not reclaimed. The line says when the
// collection is done, so the test waits for it instead of for some time.
import v8 from 'node:v8';
import vm from 'node:vm';

// `gc` only exists with --expose-gc, a V8 flag Node 20 does not take from NODE_OPTIONS; set at
// run time, it appears in contexts created afterwards.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

let collections = 0;
process.on('SIGUSR2', () => {
  gc();
  collections += 1;
  process.stderr.write(`docktape-test gc ${collections} ${JSON.stringify(process.memoryUsage())}\n`);
});
