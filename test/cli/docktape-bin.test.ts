/**
 * The `docktape` bin as a user runs it (the one npm links into node_modules/.bin): the top-level
 * help lists every command, `--version` prints the package's version, an unknown command exits 2
 * with a usage line, and each command answers its own `--help`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKTAPE_BIN, REPO_ROOT, run } from '../../tools/support/proxy-process.js';

async function docktape(...args: string[]) {
  const { code, stdout, stderr } = await run(process.execPath, [DOCKTAPE_BIN, ...args]);
  return { code, stdout: stdout.toString(), stderr };
}

describe('the docktape bin', () => {
  it('--help lists every command with one line each', async () => {
    const { code, stdout } = await docktape('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: docktape <command> \[options\]$/m);
    expect(stdout).toMatch(/^ {2}proxy +\S.*$/m);
    expect(stdout).toMatch(/^ {2}replay +\S.*$/m);
    expect(stdout).toMatch(/^ {2}policy +\S.*$/m);
  });

  it('--version prints the version of @docktape/cli', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await docktape('--version');
    expect(code).toBe(0);
    expect(stdout).toBe(`docktape ${version}\n`);
  });

  it('an unknown command exits 2 with a usage line on stderr', async () => {
    const { code, stdout, stderr } = await docktape('prxy');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unknown command "prxy"/);
    expect(stderr).toMatch(/^usage: docktape <proxy\|replay\|audit\|policy> \[options\]/m);
  });

  it.each([
    ['proxy', /--target/],
    ['replay', /--fixtures/],
    ['audit', /--strict/],
    ['policy', /docktape policy learn PATH/],
  ])('docktape %s --help prints that command\'s options', async (command, option) => {
    const { code, stdout } = await docktape(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(option);
  });
});
