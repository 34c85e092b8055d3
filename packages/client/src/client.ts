/**
 * `createDockerClient`: the typed raw client for the whole v1.40 spec (openapi-fetch) plus the
 * `containers` facade, over one keep-alive transport.
 */
import createClient, { type Client } from 'openapi-fetch';
import { createContainers, type Containers } from './containers.js';
import { resolveDockerHost, type DockerEndpoint, type HostOptions } from './docker-host.js';
import { API_VERSION, versionedPath, type paths } from '@docktape/api';
import { createTransport, TransportRequest, type Transport, type TransportOptions } from './transport.js';
import { createFetchTransport, type FetchFunction } from './fetch-transport.js';
import { DockerConfigError } from './errors.js';

/** The version of the pinned spec the client is typed from. */
export const DEFAULT_API_VERSION = API_VERSION;

export interface DockerClientOptions extends HostOptions, TransportOptions {
  /** API version prefix of every path (default 1.40, the spec this client is typed from). */
  apiVersion?: string;
  /** Environment to resolve DOCKER_HOST and TLS from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Send plain and streamed requests through this `fetch` instead of the undici Pool, e.g.
   * `(input, init) => globalThis.fetch(input, init)` so msw can intercept them (replay tests).
   * Hijacked and websocket attach still use `host`. See fetch-transport.ts.
   */
  fetch?: FetchFunction;
}

export interface DockerClient {
  /** The openapi-fetch client for every operation of the spec: `{ data, error, response }`. */
  readonly api: Client<paths>;
  readonly containers: Containers;
  readonly endpoint: DockerEndpoint;
  readonly apiVersion: string;
  /** The transport, for the streaming and hijacking helpers. */
  readonly transport: Transport;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

export function createDockerClient(options: DockerClientOptions = {}): DockerClient {
  const endpoint = resolveDockerHost(options, options.env ?? process.env);
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  if (!/^\d+\.\d+$/.test(apiVersion)) throw new DockerConfigError(`apiVersion must look like "1.40", got "${apiVersion}"`);
  const transport = options.fetch ? createFetchTransport(endpoint, options.fetch) : createTransport(endpoint, options);
  // TransportRequest: openapi-fetch builds one per call; a WHATWG Request would cost more than
  // the call itself (see transport-messages.ts).
  const api = createClient<paths>({
    baseUrl: `http://docker${versionedPath(apiVersion, '')}`,
    fetch: transport.fetch as (input: Request) => Promise<Response>,
    Request: TransportRequest as unknown as typeof Request,
  });
  return {
    api,
    containers: createContainers(transport, apiVersion),
    endpoint,
    apiVersion,
    transport,
    close: () => transport.close(),
  };
}
