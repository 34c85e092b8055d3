/**
 * `docktape replay <args>` run in the test's own process (runReplayCli, what the bin calls),
 * for arguments or fixtures it refuses before it listens: the same code path as the bin
 * without starting Node again (~0.4 s of CPU each on these 2-core machines). Each behaviour
 * the bin adds keeps one test that spawns it (exit codes, stderr as a process writes it).
 */
import { Writable } from 'node:stream';
import { runReplayCli } from '@docktape/cli/replay';

export interface RefusedRun {
  /** The exit code the bin would exit with; null if it started listening instead. */
  code: number | null;
  listening: boolean;
  stdout: string;
  stderr: string;
}

export async function replayInProcess(args: string[]): Promise<RefusedRun> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        write(chunk.toString());
        done();
      },
    });
  let listening!: () => void;
  // A replay that gets ready never returns until a signal: report it as listening and leave it
  // (the test fails on it); it must not wait here for a signal no one sends.
  const ready = new Promise<null>((resolve) => (listening = () => resolve(null)));
  const out = sink((text) => {
    stdout += text;
    if (/^docktape replay listening on /m.test(stdout)) listening();
  });
  const code = await Promise.race([runReplayCli(args, out, sink((text) => (stderr += text))), ready]);
  return { code, listening: code === null, stdout, stderr };
}
