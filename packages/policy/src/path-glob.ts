/**
 * Globs of the policy file, compiled to regular expressions. Paths: `*` is one segment's worth
 * of characters, `**` any number of segments. Images: `*` is any text (`busybox*` matches
 * `busybox:latest`). Everything else is literal. Pure.
 */
const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

export function pathGlob(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

export function textGlob(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map(escape).join('.*')}$`);
}
