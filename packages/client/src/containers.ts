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

export type ContainerSummary = Schemas['ContainerSummary'];
export type ContainerInspect = JsonResultOf<'ContainerInspect'>;
export type ContainerCreateBody = JsonBodyOf<'ContainerCreate'>;
export type ContainerCreateResult = JsonResultOf<'ContainerCreate', 201>;
export type ContainerTop = JsonResultOf<'ContainerTop'>;
export type ContainerChange = NonNullable<JsonResultOf<'ContainerChanges'>>[number];
export type ContainerUpdateBody = JsonBodyOf<'ContainerUpdate'>;
export type ContainerUpdateResult = JsonResultOf<'ContainerUpdate'>;
export type ContainerWaitResult = Schemas['ContainerWaitResponse'];
export type ContainerPruneResult = JsonResultOf<'ContainerPrune'>;

export type StartResult = 'started' | 'already-started';
export type StopResult = 'stopped' | 'already-stopped';

/** Change kinds of `docker diff`. */
export const ChangeKind = { Modified: 0, Added: 1, Deleted: 2 } as const;

type ApiResult = { data?: unknown; error?: unknown; response: Response };

/**
 * `transport` is for the operations openapi-fetch cannot carry (streams, hijacked attach,
 * archives): they use `transport.request` / `transport.dispatcher` directly.
 */
export function createContainers(api: Client<paths>, transport: Transport) {
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

  return {
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
     * `docker wait`, simple form: resolves when the condition is met. To wait for a container
     * you are about to start without a race, register the wait first (see the streaming issue's
     * two-phase wait).
     */
    async wait(containerId: string, query: QueryOf<'ContainerWait'> = {}, opts: CallOptions = {}) {
      const r = await api.POST('/containers/{id}/wait', { params: { ...id(containerId), query }, signal: opts.signal });
      return unwrap<ContainerWaitResult>('ContainerWait', r);
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
    async resize(containerId: string, size: { h: number; w: number }, opts: CallOptions = {}): Promise<void> {
      const r = await api.POST('/containers/{id}/resize', { params: { ...id(containerId), query: size }, signal: opts.signal });
      unwrap('ContainerResize', r);
    },
  };
}

export type Containers = ReturnType<typeof createContainers>;

export function encodeFilters(filters: Filters | undefined): string | undefined {
  if (filters === undefined || typeof filters === 'string') return filters;
  return JSON.stringify(filters);
}
