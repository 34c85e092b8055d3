/**
 * `client.containers`: the container operations of the Engine API, named after the docker CLI,
 * with typed parameters and results. Non-2xx answers throw `DockerApiError`; 304 from start and
 * stop is not an error but an "already" result, as the docker CLI treats it.
 * @see https://docs.docker.com/engine/api/v1.40/#tag/Container
 */
import type { Transport } from './transport.js';
import { createJsonCaller, NOT_MODIFIED } from './json-call.js';
import type { CallOptions, Filters, JsonBodyOf, JsonResultOf, QueryOf, Schemas } from './op-types.js';
import { containerArchiveInfo, containerExport, containerGetArchive, containerPutArchive, type PutArchiveOptions, type TarSource } from './archive.js';
import { containerAttach, type AttachOptions, type AttachSession, type TerminalSize } from './attach.js';
import { containerAttachWebSocket, type AttachWebSocketOptions } from './attach-websocket.js';
import { copyFileIn, copyFileOut, readContainerFile, type CopyInOptions, type FileSource } from './copy.js';
import { containerLogs, type LogsOptions, type LogStream } from './logs.js';
import { createRawRequester, type QueryValue } from './raw-request.js';
import { runContainer, type RunOptions, type RunResult } from './run.js';
import { containerStatsOnce, containerStatsStream, type ContainerStats, type StatsOptions } from './stats.js';
import { containerWait, type WaitCondition, type WaitHandle } from './wait.js';

export type ContainerSummary = Schemas['ContainerSummary'];
export type ContainerInspect = JsonResultOf<'ContainerInspect'>;
export type ContainerCreateBody = JsonBodyOf<'ContainerCreate'>;
export type ContainerCreateResult = JsonResultOf<'ContainerCreate', 201>;
export type ContainerTop = JsonResultOf<'ContainerTop'>;
export type ContainerChange = NonNullable<JsonResultOf<'ContainerChanges'>>[number];
export type ContainerUpdateBody = JsonBodyOf<'ContainerUpdate'>;
export type ContainerUpdateResult = JsonResultOf<'ContainerUpdate'>;
export type ContainerPruneResult = JsonResultOf<'ContainerPrune'>;

export type StartResult = 'started' | 'already-started';
export type StopResult = 'stopped' | 'already-stopped';

/** Change kinds of `docker diff`. */
export const ChangeKind = { Modified: 0, Added: 1, Deleted: 2 } as const;

/**
 * JSON operations go straight on the transport (json-call.ts); the operations openapi-fetch
 * cannot carry (streams, hijacked attach, archives) use `transport.request` directly too, or
 * their own socket for hijacking, with paths under `/v${apiVersion}`.
 */
export function createContainers(transport: Transport, apiVersion = '1.40') {
  const raw = createRawRequester(transport, apiVersion);
  const { call, callOr304 } = createJsonCaller(raw);
  const at = (containerId: string, action = '') => `/containers/${encodeURIComponent(containerId)}${action}`;
  type Q = Record<string, QueryValue>;

  const containers = {
    /** `docker ps`: running containers, or all with `{ all: true }`. */
    list(query: Omit<QueryOf<'ContainerList'>, 'filters'> & { filters?: Filters } = {}, opts: CallOptions = {}): Promise<ContainerSummary[]> {
      const q = { ...query, filters: encodeFilters(query.filters) };
      return call({ method: 'GET', path: '/containers/json', query: q, signal: opts.signal, operationId: 'ContainerList' });
    },

    /** `docker create`. 409 when the name is taken. */
    create(body: ContainerCreateBody, query: QueryOf<'ContainerCreate'> = {}, opts: CallOptions = {}): Promise<ContainerCreateResult> {
      return call({ method: 'POST', path: '/containers/create', query: query as Q, body, signal: opts.signal, operationId: 'ContainerCreate' });
    },

    /** `docker inspect`: by full id, unique id prefix or name. */
    inspect(containerId: string, query: QueryOf<'ContainerInspect'> = {}, opts: CallOptions = {}): Promise<ContainerInspect> {
      return call({ method: 'GET', path: at(containerId, '/json'), query: query as Q, signal: opts.signal, operationId: 'ContainerInspect' });
    },

    /** `docker top`: processes of a running container (`ps_args` as for ps). */
    top(containerId: string, query: QueryOf<'ContainerTop'> = {}, opts: CallOptions = {}): Promise<ContainerTop> {
      return call({ method: 'GET', path: at(containerId, '/top'), query: query as Q, signal: opts.signal, operationId: 'ContainerTop' });
    },

    /** `docker diff`: filesystem changes, or null when nothing changed (as the daemon sends it). */
    changes(containerId: string, opts: CallOptions = {}): Promise<ContainerChange[] | null> {
      return call({ method: 'GET', path: at(containerId, '/changes'), signal: opts.signal, operationId: 'ContainerChanges' });
    },

    /** `docker start`: 'already-started' when it was running (304). */
    async start(containerId: string, query: QueryOf<'ContainerStart'> = {}, opts: CallOptions = {}): Promise<StartResult> {
      const r = await callOr304({ method: 'POST', path: at(containerId, '/start'), query: query as Q, signal: opts.signal, operationId: 'ContainerStart' });
      return r === NOT_MODIFIED ? 'already-started' : 'started';
    },

    /** `docker stop [-t]`: 'already-stopped' when it was not running (304). */
    async stop(containerId: string, query: QueryOf<'ContainerStop'> = {}, opts: CallOptions = {}): Promise<StopResult> {
      const r = await callOr304({ method: 'POST', path: at(containerId, '/stop'), query: query as Q, signal: opts.signal, operationId: 'ContainerStop' });
      return r === NOT_MODIFIED ? 'already-stopped' : 'stopped';
    },

    /** `docker restart [-t]`. */
    async restart(containerId: string, query: QueryOf<'ContainerRestart'> = {}, opts: CallOptions = {}): Promise<void> {
      await call({ method: 'POST', path: at(containerId, '/restart'), query: query as Q, signal: opts.signal, operationId: 'ContainerRestart' });
    },

    /** `docker kill [-s]`: `{ signal: 'SIGUSR1' }` is the Unix signal; 409 when not running. */
    async kill(containerId: string, query: QueryOf<'ContainerKill'> = {}, opts: CallOptions = {}): Promise<void> {
      await call({ method: 'POST', path: at(containerId, '/kill'), query: query as Q, signal: opts.signal, operationId: 'ContainerKill' });
    },

    /** `docker update`: change resources (memory, CPU, restart policy) of a container. */
    update(containerId: string, body: ContainerUpdateBody, opts: CallOptions = {}): Promise<ContainerUpdateResult> {
      return call({ method: 'POST', path: at(containerId, '/update'), body, signal: opts.signal, operationId: 'ContainerUpdate' });
    },

    /** `docker rename`: 409 when the new name is taken. */
    async rename(containerId: string, name: string, opts: CallOptions = {}): Promise<void> {
      await call({ method: 'POST', path: at(containerId, '/rename'), query: { name }, signal: opts.signal, operationId: 'ContainerRename' });
    },

    /** `docker pause` (cgroup freezer). */
    async pause(containerId: string, opts: CallOptions = {}): Promise<void> {
      await call({ method: 'POST', path: at(containerId, '/pause'), signal: opts.signal, operationId: 'ContainerPause' });
    },

    /** `docker unpause`. */
    async unpause(containerId: string, opts: CallOptions = {}): Promise<void> {
      await call({ method: 'POST', path: at(containerId, '/unpause'), signal: opts.signal, operationId: 'ContainerUnpause' });
    },

    /**
     * `docker wait` in two phases: `await handle.registered` (the daemon has registered the wait)
     * before starting the container, then `await handle` (or `handle.result`) for
     * `{ StatusCode, Error? }`. `condition`: not-running (default), next-exit, removed.
     */
    wait(containerId: string, query: { condition?: WaitCondition } = {}, opts: CallOptions = {}): WaitHandle {
      return containerWait(raw, containerId, query, opts.signal);
    },

    /** `docker rm [-f] [-v]`: 409 when running without `force`. */
    async remove(containerId: string, query: QueryOf<'ContainerDelete'> = {}, opts: CallOptions = {}): Promise<void> {
      await call({ method: 'DELETE', path: at(containerId), query: query as Q, signal: opts.signal, operationId: 'ContainerDelete' });
    },

    /** `docker container prune`: `ContainersDeleted` is null when nothing matched. */
    prune(query: { filters?: Filters } = {}, opts: CallOptions = {}): Promise<ContainerPruneResult> {
      const q = { filters: encodeFilters(query.filters) };
      return call({ method: 'POST', path: '/containers/prune', query: q, signal: opts.signal, operationId: 'ContainerPrune' });
    },

    /** Resize the TTY of a container started with `Tty: true`. */
    async resize(containerId: string, size: TerminalSize, opts: CallOptions = {}): Promise<void> {
      const q = { h: size.h, w: size.w };
      await call({ method: 'POST', path: at(containerId, '/resize'), query: q, signal: opts.signal, operationId: 'ContainerResize' });
    },

    /**
     * `docker logs`: frames `{ stream: 'stdout' | 'stderr', data }` (raw bytes as stdout for a
     * TTY container), or `.text()` for both streams as text. Lazy: errors surface on iteration.
     */
    logs(containerId: string, options: LogsOptions = {}): LogStream {
      return containerLogs(raw, isTty, containerId, options);
    },

    /** `docker stats`: one sample with `{ stream: false }`, else an endless stream of samples (abort to end). */
    stats<S extends boolean = true>(containerId: string, options: StatsOptions & { stream?: S } = {}): S extends false ? Promise<ContainerStats> : AsyncGenerator<ContainerStats, void, undefined> {
      type R = S extends false ? Promise<ContainerStats> : AsyncGenerator<ContainerStats, void, undefined>;
      return (options.stream === false ? containerStatsOnce(raw, containerId, options) : containerStatsStream(raw, containerId, options)) as R;
    },

    /** `docker attach` over a hijacked connection (unix or TCP): output, stdin, half-close, resize. */
    attach(containerId: string, options: AttachOptions = {}): Promise<AttachSession> {
      return containerAttach({ endpoint: transport.endpoint, apiVersion, isTty, resize: (cid, size) => containers.resize(cid, size) }, containerId, options);
    },

    /** Attach over a websocket (`/attach/ws`): the same session; stdout and stderr are not told apart. */
    attachWebSocket(containerId: string, options: AttachWebSocketOptions = {}): Promise<AttachSession> {
      return containerAttachWebSocket({ endpoint: transport.endpoint, apiVersion, resize: (cid, size) => containers.resize(cid, size) }, containerId, options);
    },

    /** Create, start and wait for a container without a race; its output as text. Removed afterwards unless `remove: false`. */
    run(body: ContainerCreateBody, options: RunOptions = {}): Promise<RunResult> {
      return runContainer(containers, body, options);
    },

    /** `docker export`: the whole filesystem as a tar stream (with backpressure; can be GiBs). */
    export(containerId: string, opts: CallOptions = {}) {
      return containerExport(raw, containerId, opts);
    },

    /** Stat of a path in the container (decoded `X-Docker-Container-Path-Stat`); 404 when missing. */
    archiveInfo(containerId: string, path: string, opts: CallOptions = {}) {
      return containerArchiveInfo(raw, containerId, path, opts);
    },

    /** A path of the container as `{ stat, tar }`, the tar streamed. */
    getArchive(containerId: string, path: string, opts: CallOptions = {}) {
      return containerGetArchive(raw, containerId, path, opts);
    },

    /** Extracts a tar (stream or bytes) into the existing directory `path` of the container. */
    putArchive(containerId: string, path: string, tar: TarSource, options: PutArchiveOptions = {}) {
      return containerPutArchive(raw, containerId, path, tar, options);
    },

    /** `docker cp SRC CONTAINER:DEST` for one file (host path, or name and bytes/stream); the path it got. */
    copyFileIn(containerId: string, source: FileSource, dest: string, options: CopyInOptions = {}): Promise<string> {
      return copyFileIn(containers, containerId, source, dest, options);
    },

    /** `docker cp CONTAINER:SRC DEST` for one file (symlinks followed); the host path written. */
    copyFileOut(containerId: string, source: string, dest: string, opts: CallOptions = {}): Promise<string> {
      return copyFileOut(containers, containerId, source, dest, opts);
    },

    /** One file's content as a stream (symlinks followed), with its stat. */
    readFile(containerId: string, path: string, opts: CallOptions = {}) {
      return readContainerFile(containers, containerId, path, opts);
    },
  };
  return containers;

  async function isTty(containerId: string, signal: AbortSignal | undefined): Promise<boolean> {
    const info = await containers.inspect(containerId, {}, { signal });
    return info.Config?.Tty ?? false;
  }
}

export type Containers = ReturnType<typeof createContainers>;

export function encodeFilters(filters: Filters | undefined): string | undefined {
  if (filters === undefined || typeof filters === 'string') return filters;
  return JSON.stringify(filters);
}
