/**
 * The 25 container operations of ../shared/ENDPOINTS.md, as method + path pattern (API version
 * prefix optional), to check which operations a recording covers.
 */
import type { HarEntry } from '@docktape/recording';

const ID = '[^/?]+';
export const CONTAINER_OPERATIONS: ReadonlyArray<readonly [operationId: string, method: string, path: RegExp]> = [
  ['ContainerList', 'GET', /^\/containers\/json$/],
  ['ContainerCreate', 'POST', /^\/containers\/create$/],
  ['ContainerInspect', 'GET', new RegExp(`^/containers/${ID}/json$`)],
  ['ContainerTop', 'GET', new RegExp(`^/containers/${ID}/top$`)],
  ['ContainerLogs', 'GET', new RegExp(`^/containers/${ID}/logs$`)],
  ['ContainerChanges', 'GET', new RegExp(`^/containers/${ID}/changes$`)],
  ['ContainerExport', 'GET', new RegExp(`^/containers/${ID}/export$`)],
  ['ContainerStats', 'GET', new RegExp(`^/containers/${ID}/stats$`)],
  ['ContainerResize', 'POST', new RegExp(`^/containers/${ID}/resize$`)],
  ['ContainerStart', 'POST', new RegExp(`^/containers/${ID}/start$`)],
  ['ContainerStop', 'POST', new RegExp(`^/containers/${ID}/stop$`)],
  ['ContainerRestart', 'POST', new RegExp(`^/containers/${ID}/restart$`)],
  ['ContainerKill', 'POST', new RegExp(`^/containers/${ID}/kill$`)],
  ['ContainerUpdate', 'POST', new RegExp(`^/containers/${ID}/update$`)],
  ['ContainerRename', 'POST', new RegExp(`^/containers/${ID}/rename$`)],
  ['ContainerPause', 'POST', new RegExp(`^/containers/${ID}/pause$`)],
  ['ContainerUnpause', 'POST', new RegExp(`^/containers/${ID}/unpause$`)],
  ['ContainerAttach', 'POST', new RegExp(`^/containers/${ID}/attach$`)],
  ['ContainerAttachWebsocket', 'GET', new RegExp(`^/containers/${ID}/attach/ws$`)],
  ['ContainerWait', 'POST', new RegExp(`^/containers/${ID}/wait$`)],
  ['ContainerDelete', 'DELETE', new RegExp(`^/containers/${ID}$`)],
  ['ContainerArchiveInfo', 'HEAD', new RegExp(`^/containers/${ID}/archive$`)],
  ['ContainerArchive', 'GET', new RegExp(`^/containers/${ID}/archive$`)],
  ['PutContainerArchive', 'PUT', new RegExp(`^/containers/${ID}/archive$`)],
  ['ContainerPrune', 'POST', /^\/containers\/prune$/],
];

export function operationOf(entry: HarEntry): string | undefined {
  const url = new URL(entry.request.url);
  const path = url.pathname.replace(/^\/v\d+\.\d+(?=\/)/, '');
  return CONTAINER_OPERATIONS.find(([, method, re]) => method === entry.request.method && re.test(path))?.[0];
}
