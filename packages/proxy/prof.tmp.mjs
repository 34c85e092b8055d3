import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startProxy, resolveTarget, parseListenAddress } from './dist/index.js';
const proxy = await startProxy({ target: resolveTarget({ host: 'unix:///tmp/docktape-dockerd/docker.sock' }), listen: parseListenAddress('127.0.0.1:' + process.argv[3]), recordDir: process.argv[2] === '-' ? undefined : process.argv[2] });
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
setTimeout(() => {}, 1e9);
process.on('SIGUSR2', async () => { const { profile } = await s.post('Profiler.stop'); writeFileSync('/tmp/profh/p.cpuprofile', JSON.stringify(profile)); await proxy.close(); process.exit(0); });
console.log('ready');
