/**
 * Globs of the policy file, compiled to regular expressions. Paths: `*` is one segment's worth
 * of characters, `**` any number of segments. Images: `*` is any text (`busybox*` matches
 * `busybox:latest`). Everything else is literal. Pure.
 */
const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** Compiled once per glob: rules are evaluated on every request, their globs never change. */
const compiled = new Map<string, RegExp>();
const once = (key: string, make: () => RegExp): RegExp => {
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = make()));
  return re;
};

export function pathGlob(glob: string): RegExp {
  return once(`path:${glob}`, () => compilePathGlob(glob));
}

function compilePathGlob(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

export function textGlob(glob: string): RegExp {
  return once(`text:${glob}`, () => new RegExp(`^${glob.split('*').map(escape).join('.*')}$`));
}
