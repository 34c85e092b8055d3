/**
 * `client.containers`: the container operations of the Engine API, named after the docker CLI,
 * with typed parameters and results. Non-2xx answers throw `DockerApiError`; 304 from start and
 * stop is not an error but an "already" result, as the docker CLI treats it.
 * @see https://docs.docker.com/engine/api/v1.40/#tag/Container
 */
import type { Client } from 'openapi-fetch';
import type { paths } from './generated/docker-api.js';
import { DockerApiError, daemonMessage } from './errors.js';
import { requestOf, type Transport } from './transport.js';
import type { CallOptions, Filters, JsonBodyOf, JsonResultOf, QueryOf, Schemas } from './op-types.js';
import { containerArchiveInfo, containerExport, containerGetArchive, containerPutArchive, type PutArchiveOptions, type TarSource } from './archive.js';
import { containerAttach, type AttachOptions, type AttachSession, type TerminalSize } from './attach.js';
import { containerAttachWebSocket, type AttachWebSocketOptions } from './attach-websocket.js';
import { copyFileIn, copyFileOut, readContainerFile, type CopyInOptions, type FileSource } from './copy.js';
import { containerLogs, type LogsOptions, type LogStream } from './logs.js';
import { createRawRequester } from './raw-request.js';
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

type ApiResult = { data?: unknown; error?: unknown; response: Response };

/**
 * `transport` is for the operations openapi-fetch cannot carry (streams, hijacked attach,
 * archives): they use `transport.request` directly, or their own socket for hijacking, with
 * paths under `/v${apiVersion}`.
 */
export function createContainers(api: Client<paths>, transport: Transport, apiVersion = '1.40') {
  const raw = createRawRequester(transport, apiVersion);

  /** Throws DockerApiError for a non-2xx answer; returns the data otherwise. */
  function unwrap<T>(operationId: string, result: ApiResult): T {
    const { response } = result;
    if (response.status >= 200 && response.status < 300) return result.data as T;
    const sent = requestOf(response);
    throw new DockerApiError({
      status: response.status,
      message: daemonMessage(result.error, response.statusText),
      method: sent?.method ?? '?',
      path: sent?.path ?? '?',
      operationId,
    });
  }

  /** Same, but 304 (already in the wanted state) is a result, not an error. */
  function unwrapOr304<A, B>(operationId: string, result: ApiResult, done: A, already: B): A | B {
    if (result.response.status === 304) return already;
    unwrap(operationId, result);
    return done;
  }

  const id = (value: string) => ({ path: { id: value } });

  const containers = {
    /** `docker ps`: running containers, or all with `{ all: true }`. */
    async list(query: Omit<QueryOf<'ContainerList'>, 'filters'> & { filters?: Filters } = {}, opts: CallOptions = {}) {
      const r = await api.GET('/containers/json', { params: { query: { ...query, filters: encodeFilters(query.filters) } }, signal: opts.signal });
      return unwrap<ContainerSummary[]>('ContainerList', r);
    },

    /** `docker create`. 409 when the name is taken. */
    async create(body: ContainerCreateBody, query: QueryOf<'ContainerCreate'> = {}, opts: CallOptions = {}) {
      const r = await api.POST('/containers/create', { params: { query }, body, signal: opts.signal });
      return unwrap<ContainerCreateResult>('ContainerCreate', r);
    },

    /** `docker inspect`: by full id, unique id prefix or name. */
    async inspect(containerId: string, query: QueryOf<'ContainerInspect'> = {}, opts: CallOptions = {}) {
      const r = await api.GET('/containers/{id}/json', { params: { ...id(containerId), query }, signal: opts.signal });
      return unwrap<ContainerInspect>('ContainerInspect', r);
    },

    /** `docker top`: processes of a running container (`ps_args` as for ps). */
    async top(containerId: string, query: QueryOf<'ContainerTop'> = {}, opts: CallOptions = {}) {
      const r = await api.GET('/containers/{id}/top', { params: { ...id(containerId), query }, signal: opts.signal });
      return unwrap<ContainerTop>('ContainerTop', r);
    },

    /** `docker diff`: filesystem changes, or null when nothing changed (as the daemon sends it). */
    async changes(containerId: string, opts: CallOptions = {}) {
      const r = await api.GET('/containers/{id}/changes', { params: id(containerId), signal: opts.signal });
      return unwrap<ContainerChange[] | null>('ContainerChanges', r);
    },

    /** `docker start`: 'already-started' when it was running (304). */
    async start(containerId: string, query: QueryOf<'ContainerStart'> = {}, opts: CallOptions = {}): Promise<StartResult> {
      const r = await api.POST('/containers/{id}/start', { params: { ...id(containerId), query }, signal: opts.signal });
      return unwrapOr304('ContainerStart', r, 'started', 'already-started');
    },

    /** `docker stop [-t]`: 'already-stopped' when it was not running (304). */
    async stop(containerId: string, query: QueryOf<'ContainerStop'> = {}, opts: CallOptions = {}): Promise<StopResult> {
      const r = await api.POST('/containers/{id}/stop', { params: { ...id(containerId), query }, signal: opts.signal });
      return unwrapOr304('ContainerStop', r, 'stopped', 'already-stopped');
    },

    /** `docker restart [-t]`. */
    async restart(containerId: string, query: QueryOf<'ContainerRestart'> = {}, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/restart', { params: { ...id(containerId), query }, signal: opts.signal });
      unwrap('ContainerRestart', r);
    },

    /** `docker kill [-s]`: `{ signal: 'SIGUSR1' }` is the Unix signal; 409 when not running. */
    async kill(containerId: string, query: QueryOf<'ContainerKill'> = {}, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/kill', { params: { ...id(containerId), query }, signal: opts.signal });
      unwrap('ContainerKill', r);
    },

    /** `docker update`: change resources (memory, CPU, restart policy) of a container. */
    async update(containerId: string, body: ContainerUpdateBody, opts: CallOptions = {}) {
      const r = await api.POST('/containers/{id}/update', { params: id(containerId), body, signal: opts.signal });
      return unwrap<ContainerUpdateResult>('ContainerUpdate', r);
    },

    /** `docker rename`: 409 when the new name is taken. */
    async rename(containerId: string, name: string, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/rename', { params: { ...id(containerId), query: { name } }, signal: opts.signal });
      unwrap('ContainerRename', r);
    },

    /** `docker pause` (cgroup freezer). */
    async pause(containerId: string, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/pause', { params: id(containerId), signal: opts.signal });
      unwrap('ContainerPause', r);
    },

    /** `docker unpause`. */
    async unpause(containerId: string, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/unpause', { params: id(containerId), signal: opts.signal });
      unwrap('ContainerUnpause', r);
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
      const r = await api.DELETE('/containers/{id}', { params: { ...id(containerId), query }, signal: opts.signal });
      unwrap('ContainerDelete', r);
    },

    /** `docker container prune`: `ContainersDeleted` is null when nothing matched. */
    async prune(query: { filters?: Filters } = {}, opts: CallOptions = {}) {
      const r = await api.POST('/containers/prune', { params: { query: { filters: encodeFilters(query.filters) } }, signal: opts.signal });
      return unwrap<ContainerPruneResult>('ContainerPrune', r);
    },

    /** Resize the TTY of a container started with `Tty: true`. */
    async resize(containerId: string, size: TerminalSize, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/resize', { params: { ...id(containerId), query: size }, signal: opts.signal });
      unwrap('ContainerResize', r);
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
    const r = await api.GET('/containers/{id}/json', { params: id(containerId), signal });
    return unwrap<ContainerInspect>('ContainerInspect', r).Config?.Tty ?? false;
  }
}

export type Containers = ReturnType<typeof createContainers>;

export function encodeFilters(filters: Filters | undefined): string | undefined {
  if (filters === undefined || typeof filters === 'string') return filters;
  return JSON.stringify(filters);
}
