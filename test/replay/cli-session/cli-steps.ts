/**
 * A docker CLI session over every container command, recorded once through
 * `docktape proxy --record` (tools/fixtures) with its outputs, then replayed through
 * `docktape replay` (docker-cli.replay.test.ts), where the outputs must be the same (ids and
 * times aside). Names are fixed: the CLI's user picks them, and the replay must see the same.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeCliOutput } from '../../proxy/support/normalize.js';
import { docker, type DockerCliHost } from '../../proxy/support/proxy-process.js';
import { tarNames } from '../../support/tar-names.js';

export const CLI_LABEL = 'org.docktape.fixture=docker-cli';
/** Containers the session creates (removed before recording so the session starts clean). */
export const CLI_NAMES = ['dtr-main', 'dtr-renamed', 'dtr-logs', 'dtr-ticker', 'dtr-attach', 'dtr-exit3', 'dtr-running'];

export interface CliStep {
  title: string;
  run(host: DockerCliHost, dir: string): Promise<string>;
}

const cli = async (host: DockerCliHost, args: string[], input?: string) => {
  const r = await docker(host, args, input === undefined ? {} : { input });
  return `exit ${r.code}\n${r.stdout.toString('utf8')}\n--stderr--\n${r.stderr}`;
};
const L = ['--label', CLI_LABEL];
const image = 'busybox:latest';

export const CLI_STEPS: CliStep[] = [
  { title: 'create', run: (h) => cli(h, ['create', ...L, '--name', 'dtr-main', image, 'sleep', '300']) },
  { title: 'create (logs on both streams)', run: (h) => cli(h, ['create', ...L, '--name', 'dtr-logs', image, 'sh', '-c', 'echo out1; echo err1 >&2; echo out2']) },
  { title: 'ps -a', run: (h) => cli(h, ['ps', '-a', '--filter', `label=${CLI_LABEL}`, '--format', '{{.Names}} {{.Image}} {{.Command}}']) },
  { title: 'start', run: (h) => cli(h, ['start', 'dtr-main', 'dtr-logs']) },
  { title: 'wait', run: (h) => cli(h, ['wait', 'dtr-logs']) },
  { title: 'logs', run: (h) => cli(h, ['logs', 'dtr-logs']) },
  {
    title: 'logs -f',
    run: async (h) => {
      await docker(h, ['run', '-d', ...L, '--name', 'dtr-ticker', image, 'sh', '-c', 'for i in 1 2 3; do echo tick$i; sleep 0.2; done']);
      return cli(h, ['logs', '-f', 'dtr-ticker']);
    },
  },
  { title: 'logs -t --tail 2', run: (h) => cli(h, ['logs', '-t', '--tail', '2', 'dtr-ticker']) },
  { title: 'inspect', run: (h) => cli(h, ['inspect', '--format', '{{.Name}} {{.State.Status}} {{json .Config.Cmd}} {{json .Config.Labels}}', 'dtr-main']) },
  { title: 'top', run: (h) => cli(h, ['top', 'dtr-main']) },
  { title: 'exec', run: (h) => cli(h, ['exec', 'dtr-main', 'sh', '-c', 'echo made > /tmp/made.txt; rm /etc/shells 2>/dev/null; echo done; echo warn >&2']) },
  { title: 'exec -i with stdin', run: (h) => cli(h, ['exec', '-i', 'dtr-main', 'sh', '-c', 'cat; echo end'], 'piped line 1\npiped line 2\n') },
  { title: 'diff', run: (h) => cli(h, ['diff', 'dtr-main']) },
  {
    title: 'export',
    run: async (h) => {
      const r = await docker(h, ['export', 'dtr-main']);
      return `exit ${r.code}\n${await tarNames(r.stdout)}\n--stderr--\n${r.stderr}`;
    },
  },
  { title: 'stats --no-stream', run: (h) => cli(h, ['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}}', 'dtr-main']) },
  {
    title: 'cp container -> host',
    run: async (h, dir) => {
      const r = await cli(h, ['cp', 'dtr-main:/tmp/made.txt', dir]);
      return `${r}\n${await readFile(path.join(dir, 'made.txt'), 'utf8').catch((e: Error) => e.message)}`;
    },
  },
  {
    title: 'cp host -> container',
    run: async (h, dir) => {
      await writeFile(path.join(dir, 'upload.txt'), 'uploaded bytes\n');
      return `${await cli(h, ['cp', path.join(dir, 'upload.txt'), 'dtr-main:/tmp/'])}\n${await cli(h, ['exec', 'dtr-main', 'cat', '/tmp/upload.txt'])}`;
    },
  },
  { title: 'update', run: async (h) => `${await cli(h, ['update', '--cpu-shares', '512', 'dtr-main'])}\n${await cli(h, ['inspect', '--format', '{{.HostConfig.CpuShares}}', 'dtr-main'])}` },
  { title: 'pause', run: async (h) => `${await cli(h, ['pause', 'dtr-main'])}\n${await cli(h, ['ps', '--filter', `label=${CLI_LABEL}`, '--format', '{{.Names}} {{.Status}}'])}` },
  { title: 'unpause', run: (h) => cli(h, ['unpause', 'dtr-main']) },
  { title: 'rename', run: (h) => cli(h, ['rename', 'dtr-main', 'dtr-renamed']) },
  { title: 'stop', run: (h) => cli(h, ['stop', '-t', '1', 'dtr-renamed']) },
  { title: 'stop again', run: (h) => cli(h, ['stop', '-t', '1', 'dtr-renamed']) },
  { title: 'start again', run: (h) => cli(h, ['start', 'dtr-renamed']) },
  { title: 'restart', run: (h) => cli(h, ['restart', '-t', '1', 'dtr-renamed']) },
  { title: 'kill', run: (h) => cli(h, ['kill', '-s', 'KILL', 'dtr-renamed']) },
  { title: 'kill when not running', run: (h) => cli(h, ['kill', 'dtr-renamed']) },
  { title: 'wait (exit code)', run: (h) => cli(h, ['wait', 'dtr-renamed']) },
  { title: 'run -i with stdin', run: (h) => cli(h, ['run', '-i', '--rm', ...L, image, 'sh', '-c', 'cat; echo after-stdin'], 'hello through stdin\n') },
  {
    title: 'attach (stdin ends first, output still arrives)',
    run: async (h) => {
      await docker(h, ['create', '-i', ...L, '--name', 'dtr-attach', image, 'sh', '-c', 'read line; sleep 0.5; echo got:$line; echo bye >&2']);
      await docker(h, ['start', 'dtr-attach']);
      return cli(h, ['attach', 'dtr-attach'], 'attached input\n');
    },
  },
  { title: 'run (exit code 3)', run: (h) => cli(h, ['run', ...L, '--name', 'dtr-exit3', image, 'sh', '-c', 'echo bye; exit 3']) },
  {
    title: 'rm (running, refused)',
    run: async (h) => {
      await docker(h, ['run', '-d', ...L, '--name', 'dtr-running', image, 'sleep', '300']);
      return cli(h, ['rm', 'dtr-running']);
    },
  },
  { title: 'rm -f', run: (h) => cli(h, ['rm', '-f', 'dtr-running']) },
  { title: 'inspect missing', run: (h) => cli(h, ['inspect', 'dtr-running']) },
  { title: 'container prune', run: (h) => cli(h, ['container', 'prune', '-f', '--filter', `label=${CLI_LABEL}`]) },
  { title: 'ps -a after prune', run: (h) => cli(h, ['ps', '-a', '--filter', `label=${CLI_LABEL}`]) },
];

/** Runs the whole session against `host`; normalized output per step. */
export async function runCliSession(host: DockerCliHost, dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const step of CLI_STEPS) out[step.title] = normalizeCliOutput(await step.run(host, dir), { [dir]: '<dir>' });
  return out;
}
