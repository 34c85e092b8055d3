/**
 * Demultiplexing throughput: @docktape/client's `demuxFrames` against dockerode's
 * `modem.demuxStream` (docker-modem), on the same input: MiB of multiplexed frames held in
 * memory (alternating stdout/stderr), fed as a Node Readable in 64 KiB chunks, at three payload
 * sizes. Runs alternate between the two (and which goes first) so drift in the machine hits both;
 * the figure per size is the median of the per-round ratios.
 *
 *   npx tsx tools/bench/demux.ts [--mib 256] [--rounds 5] [--sizes 80,4096,32768]
 *
 * It measures demultiplexing alone: no daemon, no sockets (the json-file log driver itself
 * limits reading logs to about 11 MiB/s).
 */
import os from 'node:os';
import { Readable, Writable } from 'node:stream';
import Docker from 'dockerode';
import { demuxFrames } from '@docktape/client';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const MIB = Number(args.get('mib') ?? 256);
const ROUNDS = Number(args.get('rounds') ?? 5);
const SIZES = (args.get('sizes') ?? '80,4096,32768').split(',').map(Number);
const CHUNK = 64 * 1024;

/** `total` bytes of frames with `payload`-byte payloads, alternating stdout and stderr. */
function makeInput(payload: number, total: number): Buffer {
  const frame = 8 + payload;
  const count = Math.floor(total / frame);
  const buf = Buffer.allocUnsafe(count * frame);
  for (let i = 0, at = 0; i < count; i++, at += frame) {
    buf[at] = (i & 1) + 1;
    buf.writeUIntBE(0, at + 1, 3);
    buf.writeUInt32BE(payload, at + 4);
    buf.fill(97 + (i % 26), at + 8, at + frame);
  }
  return buf;
}

function source(input: Buffer): Readable {
  let at = 0;
  return new Readable({
    highWaterMark: CHUNK,
    read() {
      if (at >= input.length) return void this.push(null);
      this.push(input.subarray(at, at + CHUNK));
      at += CHUNK;
    },
  });
}

const counter = () => {
  const sink = { bytes: 0, stream: null as unknown as Writable };
  sink.stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      sink.bytes += chunk.length;
      cb();
    },
  });
  return sink;
};

async function runDockerode(input: Buffer): Promise<number> {
  const modem = new Docker().modem;
  const out = counter();
  const err = counter();
  const src = source(input);
  const t0 = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    src.on('end', resolve).on('error', reject);
    modem.demuxStream(src, out.stream, err.stream);
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  check(input, out.bytes + err.bytes, 'dockerode');
  return seconds;
}

async function runDocktape(input: Buffer): Promise<number> {
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for await (const frame of demuxFrames(source(input))) bytes += frame.data.length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  check(input, bytes, 'docktape');
  return seconds;
}

/** Both must deliver every payload byte, or the figures mean nothing. */
function check(input: Buffer, got: number, who: string): void {
  const payload = input.readUInt32BE(4);
  const want = (input.length / (8 + payload)) * payload;
  if (got !== want) throw new Error(`${who} delivered ${got} payload bytes, expected ${want}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (mibPerSecond: number) => (mibPerSecond >= 1024 ? `${(mibPerSecond / 1024).toFixed(2)} GiB/s` : `${mibPerSecond.toFixed(1)} MiB/s`);

console.log(`# demux: ${MIB} MiB per run, ${CHUNK / 1024} KiB chunks, ${ROUNDS} rounds`);
console.log(`# node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${os.platform()} ${os.release()}`);
console.log('| payload | dockerode (median) | docktape (median) | ratio (median of rounds) | ratios |');
console.log('|---|---|---|---|---|');
for (const size of SIZES) {
  const input = makeInput(size, MIB * 1024 * 1024);
  const mib = input.length / 1024 / 1024;
  const them: number[] = [];
  const us: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let a: number, b: number;
    if (round % 2 === 0) {
      a = await runDockerode(input);
      b = await runDocktape(input);
    } else {
      b = await runDocktape(input);
      a = await runDockerode(input);
    }
    them.push(mib / a);
    us.push(mib / b);
    ratios.push(a / b);
  }
  console.log(`| ${size} B | ${fmt(median(them))} | ${fmt(median(us))} | ${median(ratios).toFixed(2)}x | ${ratios.map((r) => r.toFixed(2)).join(', ')} |`);
}
