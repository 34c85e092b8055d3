/**
 * `docktape policy` on the committed recordings, through the bin: a policy learned from the
 * docker CLI session allows every request of it and nothing else; presets refuse what they
 * should, naming the rule; a broken policy file is an error naming its line.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKTAPE_BIN, REPO_ROOT, run } from '../../tools/support/proxy-process.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
const CLI_SESSION = path.join(FIXTURES, 'docker-cli');

async function docktape(...args: string[]) {
  const { code, stdout, stderr } = await run(process.execPath, [DOCKTAPE_BIN, ...args]);
  return { code, stdout: stdout.toString(), stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-policy-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('docktape policy', () => {
  it('learn writes a policy that allows every request it was learned from', async () => {
    const learned = await docktape('policy', 'learn', CLI_SESSION);
    expect(learned.code, learned.stderr).toBe(0);
    expect(learned.stdout).toMatch(/^default: deny$/m);
    expect(learned.stdout).toMatch(/^ {2}- name: allow-ContainerCreate$/m);
    const file = path.join(dir, 'learned.yaml');
    await writeFile(file, learned.stdout);
    const tested = await docktape('policy', 'test', file, CLI_SESSION);
    expect(tested.stdout).toMatch(/^0 of \d+ recorded requests would be refused/m);
    expect(tested.code).toBe(0);
    // the other recordings hold operations the CLI session never used (e.g. the websocket attach)
    const others = await docktape('policy', 'test', file, path.join(FIXTURES, 'attach-ws'));
    expect(others.code).toBe(1);
    expect(others.stdout).toMatch(/^DENY \S+attach-ws\S+#\d+ GET \/v1\.40\/containers\/\w+\/attach\/ws\S*: rule "default": ContainerAttachWebsocket: no rule matched/m);
  });

  it('test with a preset lists what it would refuse, rule and reason, and exits 1', async () => {
    const r = await docktape('policy', 'test', 'preset:read-only', CLI_SESSION);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^DENY \S+#\d+ POST \/v1\.40\/containers\/create\S*: rule "default": ContainerCreate: no rule matched, the policy's default is deny$/m);
    expect(r.stdout).toMatch(/^DENY \S+#\d+ GET \/v1\.40\/containers\/[^/ ]+\/export: rule "no-files-out"/m);
    expect(r.stdout).toMatch(/^\d+ of \d+ recorded requests would be refused by preset:read-only$/m);
  });

  it('a policy file with a mistake is an error naming file and line', async () => {
    const file = path.join(dir, 'broken.yaml');
    await writeFile(file, 'default: deny\nrules:\n  - name: a\n    action: deny\n    operations: [ContainerCreat]\n');
    const r = await docktape('policy', 'show', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:5: rules.0.operations.0: "ContainerCreat" is no operationId of the v1.40 spec (did you mean ContainerCreate?)`);
  });

  it('show prints a preset-based file with its bases merged in', async () => {
    const file = path.join(dir, 'extends.yaml');
    await writeFile(file, 'extends: preset:no-privileged\nrules:\n  - name: no-kill\n    action: deny\n    operations: [ContainerKill]\n');
    const r = await docktape('policy', 'show', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^default: allow$/m);
    expect(r.stdout.indexOf('name: no-kill')).toBeLessThan(r.stdout.indexOf('name: no-privileged'));
  });
});
