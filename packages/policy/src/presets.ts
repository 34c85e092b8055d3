/**
 * The built-in policies, usable as `--policy preset:NAME` and as bases a file extends.
 *
 * - `read-only`: inspection only: GET and HEAD, but not attach (it writes to stdin), not archive
 *   GET nor export nor image save (they carry a container's or image's files out).
 * - `no-privileged`: everything, except what gives a container the host: privileged, host
 *   namespaces, added capabilities, host devices and device rules, security options (they
 *   switch off seccomp/AppArmor/SELinux), host bind mounts and local volumes that are binds,
 *   volumes from other containers. Exec's own `Privileged` too.
 * - `containers-only`: the container and exec operations (and ping/version that every client
 *   sends first); images, networks, volumes, swarm, plugins, system are refused.
 */
import { OPERATIONS } from '@docktape/api';
import { DEFAULT_API_VERSIONS } from './canonical-request.js';
import { DEFAULT_MAX_BODY_BYTES, type Policy, type PolicyRule } from './policy-types.js';

const base = (name: string, def: Policy['default'], rules: PolicyRule[]): Policy => ({
  source: `preset:${name}`,
  mode: 'enforce',
  default: def,
  audit: 'metadata',
  apiVersions: DEFAULT_API_VERSIONS,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  rules,
});

const CREATE = ['ContainerCreate'];

const READ_ONLY = base('read-only', 'deny', [
  { name: 'no-attach', action: 'deny', operations: ['ContainerAttach', 'ContainerAttachWebsocket'], message: 'attaching is not inspection' },
  { name: 'no-files-out', action: 'deny', operations: ['ContainerArchive', 'ContainerExport', 'ImageGet', 'ImageGetAll'], message: "copying a container's or image's files out is not inspection" },
  { name: 'inspect', action: 'allow', methods: ['GET', 'HEAD'] },
]);

const NO_PRIVILEGED = base('no-privileged', 'allow', [
  { name: 'no-privileged', action: 'deny', operations: [...CREATE, 'ContainerExec'], when: { privileged: true } },
  { name: 'no-host-namespaces', action: 'deny', operations: CREATE, when: { hostNamespaces: true } },
  { name: 'no-added-capabilities', action: 'deny', operations: CREATE, when: { capAdd: true } },
  { name: 'no-host-devices', action: 'deny', operations: [...CREATE, 'ContainerUpdate'], when: { devices: true } },
  { name: 'no-security-options', action: 'deny', operations: CREATE, when: { securityOpt: true } },
  { name: 'no-host-binds', action: 'deny', operations: [...CREATE, 'VolumeCreate'], when: { bindsOutside: [] } },
  { name: 'no-volumes-from', action: 'deny', operations: CREATE, when: { volumesFrom: true } },
]);

const CONTAINER_OPERATIONS = OPERATIONS.filter((o) => o.tag === 'Container' || o.tag === 'Exec').map((o) => o.operationId);

const CONTAINERS_ONLY = base('containers-only', 'deny', [
  { name: 'containers', action: 'allow', operations: [...CONTAINER_OPERATIONS, 'SystemPing', 'SystemPingHead', 'SystemVersion'] },
]);

export const PRESETS: Readonly<Record<string, Policy>> = {
  'read-only': READ_ONLY,
  'no-privileged': NO_PRIVILEGED,
  'containers-only': CONTAINERS_ONLY,
};
