/**
 * Where a V8 CPU profile (`node --cpu-prof`, e.g. from `small-requests.ts --cpu-prof DIR`)
 * spends its time: self time per function and per place (a workspace package, a dependency,
 * Node's internals, V8's own (program), (garbage collector), (idle)). Pure: numbers from
 * the profile's JSON.
 * @see https://chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Of all sampled time but (idle). */
  share: number;
}

/** The place a script belongs to, from its URL. */
export function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const dep = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dep) return dep[1]!;
  const pkg = /\/packages\/([^/]+)\//.exec(url);
  if (pkg) return `@docktape/${pkg[1]}`;
  return url.replace(/^file:\/\//, '');
}

/** A script's file within its package (@docktape/proxy/dist/x.js, http-proxy-3/dist/y.js), else its path. */
export function fileOf(url: string): string {
  const dep = /\/node_modules\/(.+)$/.exec(url);
  if (dep) return dep[1]!;
  const pkg = /\/packages\/(.+)$/.exec(url);
  if (pkg) return `@docktape/${pkg[1]}`;
  return url.replace(/^file:\/\//, '');
}

/** Self time grouped by `key`, largest first, (idle) left out of the shares. */
function selfTimes(profile: CpuProfile, key: (frame: CpuProfile['nodes'][number]['callFrame']) => string): SelfTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const us = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    if (!frame) return;
    const k = key(frame);
    const dt = profile.timeDeltas[i] ?? 0;
    us.set(k, (us.get(k) ?? 0) + dt);
    if (frame.functionName !== '(idle)') busy += dt;
  });
  return [...us]
    .map(([name, t]) => ({ name, ms: t / 1000, share: name === '(idle)' || busy === 0 ? Number.NaN : t / busy }))
    .sort((a, b) => b.ms - a.ms);
}

export const selfTimeByPlace = (p: CpuProfile): SelfTime[] => selfTimes(p, (f) => placeOf(f.url, f.functionName));

export const selfTimeByFunction = (p: CpuProfile): SelfTime[] =>
  selfTimes(p, (f) => {
    if (f.url === '') return f.functionName;
    // Node's modules by name (node:_http_outgoing), the others by file within their package
    const where = f.url.startsWith('node:') ? f.url : fileOf(f.url);
    return `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
  });
