/**
 * `docktape audit` as a user runs it (the real bin, a child process) on the committed fixtures
 * and on altered copies, and its HTML page opened in a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core; no browser is downloaded). Hermetic: no daemon.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findOperation } from '@docktape/api';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKTAPE_BIN, REPO_ROOT, run } from '../../tools/support/proxy-process.js';
import { inCI } from '../support/in-ci.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const CHROMIUM = '/usr/bin/chromium';

async function audit(...args: string[]) {
  const { code, stdout, stderr } = await run(process.execPath, [DOCKTAPE_BIN, 'audit', ...args]);
  return { code, stdout: stdout.toString(), stderr: String(stderr) };
}

type Har = { log: { entries: { request: { method: string; url: string }; response: { status: number; content: { text: string; size: number } } }[] } };

/** A copy of the fixtures with each recording's entries passed through `edit`. */
async function fixturesCopy(root: string, name: string, edit: (har: Har, file: string) => void): Promise<string> {
  const dir = path.join(root, name);
  await cp(FIXTURES, dir, { recursive: true });
  for (const set of await readdir(dir)) {
    const file = path.join(dir, set, 'recording.har');
    if (!existsSync(file)) continue;
    const har = JSON.parse(await readFile(file, 'utf8')) as Har;
    edit(har, path.relative(dir, file));
    await writeFile(file, JSON.stringify(har));
  }
  return dir;
}

describe('docktape audit (hermetic)', () => {
  let root: string;
  let withoutPause: string;
  let altered: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'docktape-audit-'));
    withoutPause = await fixturesCopy(root, 'without-pause', (har) => {
      har.log.entries = har.log.entries.filter((e) => findOperation(e.request.method, e.request.url)?.operation.operationId !== 'ContainerPause');
    });
    let done = false;
    altered = await fixturesCopy(root, 'altered', (har, file) => {
      if (done || !file.startsWith('json-ops')) return;
      // the first inspect answer gets a Pid of the wrong type (inline body: size follows the text)
      const e = har.log.entries.find((x) => findOperation(x.request.method, x.request.url)?.operation.operationId === 'ContainerInspect' && x.response.status === 200);
      const body = JSON.parse(e!.response.content.text) as { State: { Pid: unknown } };
      body.State.Pid = String(body.State.Pid);
      e!.response.content.text = JSON.stringify(body);
      e!.response.content.size = Buffer.byteLength(e!.response.content.text);
      done = true;
    });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('test/fixtures: 25/25 container operations covered, no new drift, --strict passes', async () => {
    const { code, stdout, stderr } = await audit(FIXTURES, '--strict');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('container operations covered: 25/25; new drift: 0;');
    const json = JSON.parse((await audit(FIXTURES, '--json')).stdout) as { format: string; summary: { containerCovered: number; newDrift: number; erratumHits: number } };
    expect(json.format).toBe('docktape-audit');
    expect(json.summary).toMatchObject({ containerCovered: 25, newDrift: 0 });
    expect(json.summary.erratumHits).toBeGreaterThan(0);
  });

  it('--strict fails on a folder missing one container operation, naming it', async () => {
    const plain = await audit(withoutPause);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('[ ] ContainerPause');
    const strict = await audit(withoutPause, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('container operation not covered: ContainerPause');
  });

  it('a body altered to a wrong type is new drift with its pointer', async () => {
    const { code, stdout } = await audit(altered, '--strict');
    expect(code).toBe(1);
    expect(stdout).toContain('new drift: 1;');
    expect(stdout).toMatch(/DRIFT ContainerInspect \/State\/Pid \[type\] expected integer, got "\d+"\n\s+in .*json-ops\/recording\.har #\d+/);
  });

  it('a corrupt file is named, the others still reported, exit 1', async () => {
    const dir = await fixturesCopy(root, 'corrupt', () => {});
    await writeFile(path.join(dir, 'stats', 'recording.har'), '{"log": {"entries": [');
    const { code, stdout, stderr } = await audit(dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/stats\/recording\.har: .*cut short/);
    expect(stdout).toMatch(/archive\/recording\.har: docktape, 11 entries/);
  });

  describe.skipIf(!existsSync(CHROMIUM) && !inCI)('the HTML page in headless Chromium', () => {
    async function rendered(dir: string) {
      const html = path.join(root, `${path.basename(dir)}.html`);
      expect((await audit(dir, '--html', html)).code).toBe(0);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(html).href);
        return {
          requests,
          coverageRows: await page.locator('#coverage tbody tr').count(),
          uncovered: await page.locator('#coverage tbody tr.uncovered').allTextContents(),
          violations: await page.locator('#violations li.violation.error').allTextContents(),
          pointers: await page.locator('#violations li.violation.error .pointer').allTextContents(),
          summary: await page.locator('#summary').textContent(),
        };
      } finally {
        await browser.close();
      }
    }

    it('test/fixtures: 25 coverage rows, none uncovered, no violation of severity error', async () => {
      const page = await rendered(FIXTURES);
      expect(page.coverageRows).toBe(25);
      expect(page.uncovered).toEqual([]);
      expect(page.violations).toEqual([]);
      expect(page.requests).toHaveLength(1); // the page itself: nothing else is loaded
    });

    it('the altered copy: one violation row showing the pointer', async () => {
      const page = await rendered(altered);
      expect(page.coverageRows).toBe(25);
      expect(page.violations).toHaveLength(1);
      expect(page.pointers).toEqual(['/State/Pid']);
      expect(page.summary).toContain('1new drift');
    });
  });
});
