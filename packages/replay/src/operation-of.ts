/**
 * Which Engine API operation a request is (the 25 container operations of ENDPOINTS.md, plus
 * the related ones the docker CLI sends). Used to show which operations a replay covered. Pure.
 * @see https://docs.docker.com/engine/api/v1.40/#tag/Container
 */
import { foldPath } from './fold-path.js';

const ID = '[^/]+';
const TABLE: [method: string, path: RegExp, operationId: string][] = [
  ['GET', /^\/containers\/json$/, 'ContainerList'],
  ['POST', /^\/containers\/create$/, 'ContainerCreate'],
  ['POST', /^\/containers\/prune$/, 'ContainerPrune'],
  ['GET', re('json'), 'ContainerInspect'],
  ['GET', re('top'), 'ContainerTop'],
  ['GET', re('logs'), 'ContainerLogs'],
  ['GET', re('changes'), 'ContainerChanges'],
  ['GET', re('export'), 'ContainerExport'],
  ['GET', re('stats'), 'ContainerStats'],
  ['POST', re('resize'), 'ContainerResize'],
  ['POST', re('start'), 'ContainerStart'],
  ['POST', re('stop'), 'ContainerStop'],
  ['POST', re('restart'), 'ContainerRestart'],
  ['POST', re('kill'), 'ContainerKill'],
  ['POST', re('update'), 'ContainerUpdate'],
  ['POST', re('rename'), 'ContainerRename'],
  ['POST', re('pause'), 'ContainerPause'],
  ['POST', re('unpause'), 'ContainerUnpause'],
  ['POST', re('attach'), 'ContainerAttach'],
  ['GET', re('attach/ws'), 'ContainerAttachWebsocket'],
  ['POST', re('wait'), 'ContainerWait'],
  ['DELETE', new RegExp(`^/containers/${ID}$`), 'ContainerDelete'],
  ['HEAD', re('archive'), 'ContainerArchiveInfo'],
  ['GET', re('archive'), 'ContainerArchive'],
  ['PUT', re('archive'), 'PutContainerArchive'],
  ['POST', re('exec'), 'ContainerExec'],
  ['POST', new RegExp(`^/exec/${ID}/start$`), 'ExecStart'],
  ['POST', new RegExp(`^/exec/${ID}/resize$`), 'ExecResize'],
  ['GET', new RegExp(`^/exec/${ID}/json$`), 'ExecInspect'],
  ['GET', /^\/_ping$/, 'SystemPing'],
  ['HEAD', /^\/_ping$/, 'SystemPingHead'],
  ['GET', /^\/version$/, 'SystemVersion'],
  ['GET', /^\/events$/, 'SystemEvents'],
];

function re(tail: string): RegExp {
  return new RegExp(`^/containers/${ID}/${tail}$`);
}

/** The operationId, or undefined for a request outside the table. `path` may carry a version prefix. */
export function operationOf(method: string, path: string): string | undefined {
  const folded = foldPath(path.split('?', 1)[0] ?? '');
  const m = method.toUpperCase();
  return TABLE.find(([tm, tp]) => tm === m && tp.test(folded))?.[2];
}
