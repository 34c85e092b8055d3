/**
 * A container command that shows what its stdin received, and how to read it back from a
 * docker multiplexed stream (no TTY): for the hijack stdin suites (issue 12).
 */

/** Reads exactly `length` bytes of stdin (no EOF needed), then prints them between markers. */
export function echoStdin(length: number): string[] {
  return ['sh', '-c', `head -c ${length} > /tmp/in; printf "STDIN<"; cat /tmp/in; printf ">STDIN"`];
}

/** Copies stdin until EOF, then prints exactly what it read between markers. */
export const ECHO_STDIN_UNTIL_EOF = ['sh', '-c', 'cat > /tmp/in; printf "STDIN<"; cat /tmp/in; printf ">STDIN"'];

/** The payloads of a docker multiplexed stream (8-byte frame headers), concatenated. */
export function demux(raw: Buffer): string {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 8 <= raw.length) {
    const size = raw.readUInt32BE(at + 4);
    out.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(out).toString('latin1');
}

/** What the container printed between the markers: what its stdin received. */
export function stdinSeen(output: string): string | undefined {
  return /STDIN<([\s\S]*)>STDIN/.exec(output)?.[1];
}

/** Everything a readable gives until its end. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await new Promise((resolve, reject) => stream.once('end', resolve).once('error', reject));
  return Buffer.concat(chunks);
}
