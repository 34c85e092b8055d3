/**
 * The policy package's one error: a policy that cannot be used (a file that does not parse, a
 * rule that names no known operation...). Its message names the file and line, so an operator
 * fixes it without guessing; the proxy refuses to start with it rather than run without it.
 */
export class PolicyError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${source}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'PolicyError';
  }
}
