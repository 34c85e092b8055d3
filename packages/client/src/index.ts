export { createDockerClient, DEFAULT_API_VERSION, type DockerClient, type DockerClientOptions } from './client.js';
export * from './containers.js';
export { resolveDockerHost, DEFAULT_DOCKER_HOST, DockerHostError, type DockerEndpoint, type HostOptions } from './docker-host.js';
export { DockerApiError, DockerConnectionError, type ApiErrorDetails } from './errors.js';
export type { CallOptions, Filters, OperationId, QueryOf, JsonBodyOf, JsonResultOf, Schemas } from './op-types.js';
export type { Transport, RawRequest, TransportOptions } from './transport.js';
export type { paths, components, operations } from './generated/docker-api.js';
export { collectText, demuxFrames, rawFrames, encodeFrame, FrameDecoder, DockerStreamError, type Frame, type OutputStream, type CollectedText } from './demux.js';
export { jsonValues, JsonValueSplitter } from './json-lines.js';
