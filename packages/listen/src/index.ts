export { parseListenAddress, isLoopback, listenUrl, listenOn, ListenError, type ListenAddress } from './listen-address.js';
export {
  LISTEN_SECURITY_OPTIONS,
  LISTEN_SECURITY_HELP,
  parseListenSecurity,
  listenPolicyProblem,
  readListenTls,
  createApiServer,
  type ListenSecurityFlags,
  type ListenSecurity,
  type ListenTlsFiles,
  type ListenTls,
  type ApiServerOptions,
} from './listen-security.js';
export { rawResponseHead, rawJsonResponse, type RawHeaders } from './raw-response.js';
