export { startProxy, ProxyError, type ProxyOptions, type RunningProxy } from './proxy-server.js';
export { resolveTarget, type Target } from './target.js';
export { parseListenAddress, isLoopback, listenUrl, ListenAddressError, type ListenAddress } from '@docktape/recording';
export { parseCli, HELP, UsageError, type CliCommand } from './cli-args.js';
export { main } from './cli.js';
export { noStages, type ProxyStages, type PolicyStage, type EntryStage, type PolicyVerdict, type RequestInfo } from './stages.js';
export { PROXY_VERSION } from './version.js';
