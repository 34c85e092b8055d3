/**
 * What a decoded create/update/exec/volume body asks of the host, as facts rules test. Values
 * are read, never the presence of keys: docker-py sends `Privileged: false`, `CapAdd: null` and
 * `Binds: []` on every create, and none of them asks for anything. Pure.
 */

export interface BodyFacts {
  privileged: boolean;
  /** Namespace modes set to the host's, e.g. `PidMode`, `NetworkMode`. */
  hostNamespaces: string[];
  capAdd: string[];
  /** Host devices (`PathOnHost`) and device cgroup rules (`c 1:3 rwm`). */
  devices: string[];
  securityOpt: string[];
  /** Host paths bind-mounted: `Binds` sources that are paths, `Mounts` of type bind. */
  bindSources: string[];
  volumesFrom: string[];
  /** Local volumes that are binds in disguise (`o=bind` / `type=none` with a `device`): their device paths. */
  volumeBinds: string[];
  image: string | undefined;
}

export const emptyFacts = (): BodyFacts => ({
  privileged: false,
  hostNamespaces: [],
  capAdd: [],
  devices: [],
  securityOpt: [],
  bindSources: [],
  volumesFrom: [],
  volumeBinds: [],
  image: undefined,
});

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const texts = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string' && x !== '');

const NAMESPACE_MODES = ['PidMode', 'NetworkMode', 'IpcMode', 'UsernsMode', 'UTSMode', 'CgroupnsMode'];

/**
 * The host side of a `Binds` entry (`src:dst[:opts]`), when it is a path; a named volume
 * (`data:/data`) is not a host path. moby splits on ':' the same way on Linux.
 */
export function bindSource(bind: string): string | undefined {
  const src = bind.split(':', 1)[0] ?? '';
  return src.startsWith('/') ? src : undefined;
}

/** A local volume whose driver options make it a bind mount of `device`. */
function volumeBindDevice(driver: unknown, options: Obj): string | undefined {
  if (driver !== undefined && driver !== '' && driver !== 'local') return undefined;
  const o = typeof options.o === 'string' ? options.o.split(',').map((x) => x.trim()) : [];
  const bind = o.includes('bind') || o.includes('rbind') || options.type === 'none';
  return bind && typeof options.device === 'string' ? options.device : undefined;
}

/** Facts of a decoded body of `operationId` (go-json-decode.ts with docker-body-shapes.ts). */
export function bodyFacts(operationId: string, body: unknown): BodyFacts {
  const facts = emptyFacts();
  const b = obj(body);
  const resources = (r: Obj) => {
    for (const d of list(r.Devices)) {
      const path = obj(d).PathOnHost;
      if (typeof path === 'string' && path !== '') facts.devices.push(path);
    }
    facts.devices.push(...texts(r.DeviceCgroupRules));
  };
  if (operationId === 'ContainerCreate') {
    facts.image = typeof b.Image === 'string' ? b.Image : undefined;
    const h = obj(b.HostConfig);
    facts.privileged = h.Privileged === true;
    for (const mode of NAMESPACE_MODES) {
      const value = h[mode];
      if (typeof value === 'string' && value.trim().toLowerCase() === 'host') facts.hostNamespaces.push(mode);
    }
    facts.capAdd = texts(h.CapAdd);
    facts.securityOpt = texts(h.SecurityOpt);
    facts.volumesFrom = texts(h.VolumesFrom);
    resources(h);
    for (const bind of texts(h.Binds)) {
      const src = bindSource(bind);
      if (src) facts.bindSources.push(src);
    }
    for (const m of list(h.Mounts)) {
      const mount = obj(m);
      const type = typeof mount.Type === 'string' ? mount.Type.toLowerCase() : '';
      if (type === 'bind' && typeof mount.Source === 'string') facts.bindSources.push(mount.Source);
      if (type === 'volume') {
        const driver = obj(obj(mount.VolumeOptions).DriverConfig);
        const device = volumeBindDevice(driver.Name, obj(driver.Options));
        if (device) facts.volumeBinds.push(device);
      }
    }
  } else if (operationId === 'ContainerUpdate') {
    resources(b);
  } else if (operationId === 'ContainerExec') {
    facts.privileged = b.Privileged === true;
  } else if (operationId === 'VolumeCreate') {
    const device = volumeBindDevice(b.Driver, obj(b.DriverOpts));
    if (device) facts.volumeBinds.push(device);
  }
  return facts;
}
