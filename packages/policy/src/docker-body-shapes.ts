/**
 * The request bodies the policy reads, as the daemon's Go structs see them (moby api/types at
 * API 1.40), cut down to the fields a rule can name. Field names are the structs' JSON names;
 * go-json-decode.ts matches keys to them as encoding/json does. Embedded structs are flattened
 * (`container.Config` into the create body, `Resources` into `HostConfig` and the update body),
 * as Go promotes their fields.
 */
import type { Shape } from './go-json-decode.js';

const string: Shape = { kind: 'string' };
const bool: Shape = { kind: 'bool' };
const strings: Shape = { kind: 'slice', of: string };
const strslice: Shape = { kind: 'strslice' };
const stringMap: Shape = { kind: 'map', of: string };
const any: Shape = { kind: 'any' };

/** container.DeviceMapping */
const device: Shape = { kind: 'struct', fields: { PathOnHost: string, PathInContainer: string, CgroupPermissions: string } };

/** The device fields of container.Resources (embedded in HostConfig and UpdateConfig). */
const resourceDevices = { Devices: { kind: 'slice', of: device } as Shape, DeviceCgroupRules: strings };

/** mount.Mount */
const mount: Shape = {
  kind: 'struct',
  fields: {
    Type: string,
    Source: string,
    Target: string,
    ReadOnly: bool,
    VolumeOptions: {
      kind: 'struct',
      pointer: true,
      fields: { DriverConfig: { kind: 'struct', pointer: true, fields: { Name: string, Options: stringMap } } },
    },
  },
};

/** container.HostConfig, the fields that reach the host. */
const hostConfig: Shape = {
  kind: 'struct',
  pointer: true,
  fields: {
    Privileged: bool,
    Binds: strings,
    Mounts: { kind: 'slice', of: mount },
    VolumesFrom: strings,
    CapAdd: strslice,
    SecurityOpt: strings,
    PidMode: string,
    NetworkMode: string,
    IpcMode: string,
    UsernsMode: string,
    UTSMode: string,
    CgroupnsMode: string,
    ...resourceDevices,
  },
};

/** POST /containers/create: container.Config (embedded) + HostConfig + NetworkingConfig. */
export const CONTAINER_CREATE: Shape = {
  kind: 'struct',
  fields: { Image: string, User: string, Env: strings, Cmd: strslice, Entrypoint: strslice, Labels: stringMap, Volumes: any, HostConfig: hostConfig },
};

/** POST /containers/{id}/update: container.UpdateConfig (Resources embedded, RestartPolicy). */
export const CONTAINER_UPDATE: Shape = { kind: 'struct', fields: { ...resourceDevices } };

/** POST /containers/{id}/exec: types.ExecConfig. */
export const EXEC_CREATE: Shape = { kind: 'struct', fields: { User: string, Privileged: bool, Env: strings, Cmd: strings } };

/** POST /volumes/create: volume.VolumeCreateBody. */
export const VOLUME_CREATE: Shape = { kind: 'struct', fields: { Name: string, Driver: string, DriverOpts: stringMap } };

/** The operations whose body the policy reads, by operationId. */
export const BODY_SHAPES: Readonly<Record<string, Shape>> = {
  ContainerCreate: CONTAINER_CREATE,
  ContainerUpdate: CONTAINER_UPDATE,
  ContainerExec: EXEC_CREATE,
  VolumeCreate: VOLUME_CREATE,
};
