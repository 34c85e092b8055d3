/**
 * A round trip per `_` extension field: what the proxy observed is encoded by the field's codec,
 * written with RecordingWriter, read back with the reader (from the journal while recording, and
 * from the .har after close), and decoded: the decoded value is the input. And a malformed field
 * is a RecordingError `bad-entry` naming the entry and the field, as for any damaged entry.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HarEntry, RecordedContent } from '../har-types.js';
import { RecordingError } from '../recording-error.js';
import { readRecording, type Recording } from '../recording-reader.js';
import { RecordingWriter } from '../recording-writer.js';
import { forgetVerifiedBodies, openSidecar, readBody } from '../sidecar-bodies.js';
import { sampleEntry } from '../testing/sample-entry.js';
import { decodeApiVersion, encodeApiVersion } from './api-version.js';
import { addChunk, alongChunks, decodeChunks, encodeChunks, splitAlongChunks } from './chunk-timing.js';
import { decodeConformance, encodeConformance } from './conformance.js';
import { decodeRedactions, encodeRedactions } from './redactions.js';
import { decodeExchangeError, encodeExchangeError } from './exchange-error.js';
import { decodeHijack, encodeHijack, encodeHijackStream } from './hijack-streams.js';
import { decodeRequestBody, encodePostData } from './request-body.js';
import { decodeSidecar } from './sidecar-content.js';
import { decodeWebSocketMessages, encodeWebSocketMessage, webSocketPayload } from './websocket-messages.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-extensions-'));
  forgetVerifiedBodies();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Patch = Partial<HarEntry>;

interface RoundTrip<T> {
  /** What the proxy observed, in the terms replay gets back. */
  input: T;
  /** Encodes `input` into the fields of an entry (bodies go through the writer, as in the proxy). */
  encode(input: T, writer: RecordingWriter): Promise<Patch>;
  /** What replay reads from the entry as read back. */
  decode(entry: HarEntry, recording: Recording): Promise<T>;
}

/** A timed piece as the tests compare it (text, so a mismatch reads well). */
interface Piece {
  atMs: number;
  text: string;
}

async function bodyOf(writer: RecordingWriter, mimeType: string, bytes: Buffer): Promise<RecordedContent> {
  const sink = writer.body(mimeType);
  await sink.write(bytes);
  return sink.end();
}

/** Encodes arrivals the way the proxy's clock does: one `addChunk` per read. */
function timingOf(pieces: readonly Piece[]) {
  const chunks: [number, number][] = [];
  for (const p of pieces) addChunk(chunks, p.atMs, Buffer.byteLength(p.text));
  return chunks;
}

const asPieces = (timed: { atMs: number; bytes: Uint8Array }[]): Piece[] => timed.map((t) => ({ atMs: t.atMs, text: Buffer.from(t.bytes).toString() }));
const joined = (pieces: readonly Piece[]) => Buffer.from(pieces.map((p) => p.text).join(''));

/** Streams a body from disk (a sidecar) or splits it (inline) along its timing, as replay serves it. */
async function served(recording: Recording, index: number, entry: HarEntry, content: RecordedContent, chunks: [number, number][]): Promise<Piece[]> {
  if (!decodeSidecar(content)) return asPieces(splitAlongChunks(await readBody(recording.file, content, index), chunks));
  const opened = await openSidecar(recording.file, { where: 'response body', content }, { index, seq: entry._seq });
  const out = [];
  for await (const t of alongChunks(opened.pieces, chunks)) out.push(t);
  return asPieces(out);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const LOGS: Piece[] = [
  { atMs: 0.5, text: 'line 1\n' },
  { atMs: 20.125, text: 'line 2\n' },
  { atMs: 1500, text: 'line 3\n' },
];
/** 100 KiB of text in three timed pieces: over the inline limit, so it goes to a sidecar. */
const BIG_LOGS: Piece[] = [
  { atMs: 1, text: 'a'.repeat(40_000) },
  { atMs: 50, text: 'b'.repeat(40_000) },
  { atMs: 99.999, text: 'c'.repeat(22_400) },
];
const TAR = Buffer.alloc(3000, 'x');
const ATTACH = 'http://docker/v1.40/containers/abc/attach';
const REDACTED = '<redacted by docktape>';

const roundTrips: [string, RoundTrip<unknown>][] = [
  [
    '_apiVersion from the path prefix',
    {
      input: '1.40',
      encode: async (v) => ({ _apiVersion: encodeApiVersion(v as string, [{ name: 'Api-Version', value: '1.47' }]) }),
      decode: async (e) => decodeApiVersion(e),
    },
  ],
  [
    "_apiVersion from the daemon's Api-Version header (no prefix)",
    {
      input: '1.47',
      encode: async (v) => ({ _apiVersion: encodeApiVersion(undefined, [{ name: 'api-version', value: v as string }]) }),
      decode: async (e) => decodeApiVersion(e),
    },
  ],
  [
    '_chunks of an inline body',
    {
      input: LOGS,
      encode: async (pieces, writer) => ({
        response: { ...sampleEntry(0, ATTACH, { size: 0, mimeType: '' }).response, content: await bodyOf(writer, 'text/plain', joined(pieces as Piece[])) },
        _chunks: encodeChunks(timingOf(pieces as Piece[])),
      }),
      decode: async (e, rec) => served(rec, 1, e, e.response.content, decodeChunks(e)),
    },
  ],
  [
    '_chunks of a sidecar body (streamed from disk along the timing)',
    {
      input: BIG_LOGS,
      encode: async (pieces, writer) => ({
        response: { ...sampleEntry(0, ATTACH, { size: 0, mimeType: '' }).response, content: await bodyOf(writer, 'text/plain', joined(pieces as Piece[])) },
        _chunks: encodeChunks(timingOf(pieces as Piece[])),
      }),
      decode: async (e, rec) => {
        expect(decodeSidecar(e.response.content)).toBeDefined();
        return served(rec, 1, e, e.response.content, decodeChunks(e));
      },
    },
  ],
  [
    '_hijack: both directions, their timing and half-closes',
    {
      input: {
        upgrade: 'tcp',
        clientToDaemon: { pieces: [{ atMs: 2, text: 'echo hi\n' }], closedAt: 3.5 },
        daemonToClient: { pieces: [{ atMs: 2.75, text: 'hi\n' }, { atMs: 10, text: 'x'.repeat(70_000) }, { atMs: 100.5, text: 'bye\n' }], closedAt: 120.001 },
      },
      encode: async (input, writer) => {
        const { upgrade, clientToDaemon: up, daemonToClient: down } = input as HijackInput;
        const stream = async (side: SideInput) => encodeHijackStream(timingOf(side.pieces), side.closedAt, await bodyOf(writer, 'application/vnd.docker.raw-stream', joined(side.pieces)));
        return { _kind: 'hijack', _hijack: encodeHijack(upgrade, await stream(up), await stream(down)) };
      },
      decode: async (e, rec) => {
        const h = decodeHijack(e)!;
        const side = async (s: typeof h.clientToDaemon): Promise<SideInput> => ({ pieces: await served(rec, 1, e, s.content, s.chunks), closedAt: s.closedAt });
        return { upgrade: h.upgrade, clientToDaemon: await side(h.clientToDaemon), daemonToClient: await side(h.daemonToClient) };
      },
    },
  ],
  [
    '_webSocketMessages: text, binary and close, as Chrome writes them',
    {
      input: [
        { type: 'send', opcode: 1, payload: Buffer.from('ls -l\n'), time: 1_764_000_000.25 },
        { type: 'receive', opcode: 2, payload: Buffer.from([0, 1, 0xfe, 0xff]), time: 1_764_000_000.5 },
        { type: 'receive', opcode: 1, payload: Buffer.from('total 0 ✓\n'), time: 1_764_000_001 },
        { type: 'receive', opcode: 8, payload: Buffer.from([0x03, 0xe8]), time: 1_764_000_002 },
      ],
      encode: async (input) => ({
        _kind: 'websocket',
        _webSocketMessages: (input as WsInput[]).map((m) => encodeWebSocketMessage(m.type, m.opcode, m.payload, m.time)),
      }),
      decode: async (e) => decodeWebSocketMessages(e).map((m) => ({ type: m.type, opcode: m.opcode, payload: webSocketPayload(m), time: m.time })),
    },
  ],
  [
    '_error',
    {
      input: 'connect ECONNREFUSED /var/run/docker.sock',
      encode: async (reason) => ({ _error: encodeExchangeError(reason as string) }),
      decode: async (e) => decodeExchangeError(e),
    },
  ],
  [
    '_conformance',
    {
      input: { outcome: 'violations', violations: [{ location: '/State/Pid', severity: 'error', code: 'type', message: 'must be integer, got "12"' }] },
      encode: async (record) => ({ _conformance: encodeConformance(record as never) }),
      decode: async (e) => decodeConformance(e),
    },
  ],
  [
    '_redacted',
    {
      input: [
        { where: 'request.postData', at: ['/Env/0', '/Env/2'] },
        { where: 'request.url', at: ['token'] },
      ],
      encode: async (list) => ({ _redacted: encodeRedactions(list as never) }),
      decode: async (e) => decodeRedactions(e),
    },
  ],
  [
    '_file and _sha256 of a sidecar body',
    {
      input: TAR,
      encode: async (bytes, writer) => ({
        response: { ...sampleEntry(0, ATTACH, { size: 0, mimeType: '' }).response, content: await bodyOf(writer, 'application/x-tar', bytes as Buffer) },
      }),
      decode: async (e, rec) => {
        expect(decodeSidecar(e.response.content)).toEqual({ file: `blobs/${sha256(TAR)}`, sha256: sha256(TAR) });
        return readBody(rec.file, e.response.content, 1);
      },
    },
  ],
  ...(
    [
      ['a JSON body (compared structurally: the text is kept)', 'application/json', Buffer.from('{"Image":"alpine","Cmd":["true"]}'), true],
      ['a tar body (a sidecar: compared by size and sha256)', 'application/x-tar', TAR, false],
    ] as const
  ).map(([what, mimeType, bytes, hasText]): [string, RoundTrip<unknown>] => [
    `request.postData facts: ${what}`,
    {
      input: { size: bytes.length, sha256: sha256(bytes), ...(hasText ? { text: bytes.toString() } : {}) },
      encode: async (_facts, writer) => ({
        request: { ...sampleEntry(0, 'http://docker/v1.40/containers/create', { size: 0, mimeType: '' }).request, method: 'POST', postData: encodePostData(await bodyOf(writer, mimeType, bytes)) },
      }),
      decode: async (e) => decodeRequestBody(e.request.postData),
    },
  ]),
  [
    'request.postData facts: a secret body, recorded as its placeholder',
    {
      input: { size: Buffer.byteLength(REDACTED), sha256: sha256(Buffer.from(REDACTED)), text: REDACTED },
      encode: async (_facts, writer) => ({
        request: {
          ...sampleEntry(0, 'http://docker/v1.40/auth', { size: 0, mimeType: '' }).request,
          method: 'POST',
          postData: encodePostData(await bodyOf(writer, 'application/json', Buffer.from('{"password":"hunter2"}')), REDACTED),
        },
      }),
      decode: async (e) => decodeRequestBody(e.request.postData),
    },
  ],
];

interface SideInput {
  pieces: Piece[];
  closedAt?: number;
}
interface HijackInput {
  upgrade: 'tcp';
  clientToDaemon: SideInput;
  daemonToClient: SideInput;
}
interface WsInput {
  type: 'send' | 'receive';
  opcode: number;
  payload: Buffer;
  time: number;
}

/** Entry 0 is a plain exchange, entry 1 carries the field under test. */
async function recordWith(patch: (writer: RecordingWriter) => Promise<Patch>): Promise<{ writer: RecordingWriter; journal: string }> {
  const writer = await RecordingWriter.open({ dir, proxyVersion: 't', target: 'unix:///d.sock', name: 'rec' });
  await writer.append(sampleEntry(writer.nextSeq(), 'http://docker/_ping', { size: 2, mimeType: 'text/plain', text: 'OK' }));
  const seq = writer.nextSeq();
  await writer.append({ ...sampleEntry(seq, ATTACH, { size: 0, mimeType: '' }), ...(await patch(writer)) });
  return { writer, journal: writer.journalPath };
}

describe('each `_` extension field survives encode, write, read, decode', () => {
  it.each(roundTrips)('%s', async (_name, c) => {
    const { writer, journal } = await recordWith((w) => c.encode(c.input, w));
    const fromJournal = await readRecording(journal);
    expect(await c.decode(fromJournal.entries[1]!, fromJournal)).toEqual(c.input);
    const har = await readRecording(await writer.close());
    expect(har.fromJournal).toBe(false);
    expect(await c.decode(har.entries[1]!, har)).toEqual(c.input);
  });
});

/** Fields set to what no codec writes: [field, value, what the error says]. */
const malformed: [string, Patch | Record<string, unknown>, RegExp][] = [
  ['_apiVersion', { _apiVersion: 1.4 }, /^_apiVersion 1\.4: expected a version/],
  ['_chunks', { _chunks: [[0, -1]] }, /^_chunks\[0\] is not \[msSinceStart, bytes\]$/],
  ['_chunks', { _chunks: { 0: 5 } }, /^_chunks is missing$/],
  ['_hijack', { _kind: 'hijack', _hijack: { upgrade: 'udp' } }, /^_hijack\.upgrade "udp": expected tcp, websocket or none$/],
  ['_hijack', { _kind: 'hijack', _hijack: { upgrade: 'tcp', clientToDaemon: { content: { size: 0, mimeType: '' }, chunks: [] } } }, /^_hijack\.daemonToClient is missing$/],
  ['_hijack', { _kind: 'hijack', _hijack: { upgrade: 'tcp', clientToDaemon: { content: { size: 0, mimeType: '' }, chunks: [], closedAt: 'soon' }, daemonToClient: {} } }, /^_hijack\.clientToDaemon\.closedAt is not a number$/],
  ['_webSocketMessages', { _webSocketMessages: [{ type: 'sent', time: 1, opcode: 1, data: '' }] }, /^_webSocketMessages\[0\] is not \{type: send\|receive, time, opcode, data\}$/],
  ['_error', { _error: { code: 'ECONNREFUSED' } }, /^_error \{"code":"ECONNREFUSED"\}: expected why the exchange failed/],
  ['_conformance', { _conformance: { outcome: 'fine', violations: [] } }, /^_conformance\.outcome "fine": expected one of valid, violations/],
  ['_conformance', { _conformance: { outcome: 'violations', violations: [{ location: 3 }] } }, /^_conformance\.violations\[0\] \{"location":3\}: expected \{location, severity/],
  ['_redacted', { _redacted: [{ where: 'response.headers', at: [] }] }, /^_redacted\[0\] \{"where":"response\.headers","at":\[\]\}: expected \{where: request\.url\|request\.postData\|response\.content/],
  ['_file', { response: { ...sampleEntry(0, ATTACH, { size: 0, mimeType: '' }).response, content: { size: 3, mimeType: '', text: '', _file: '../../etc/passwd', _sha256: 'a'.repeat(64) } } }, /^response\.content\._file "\.\.\/\.\.\/etc\/passwd": expected blobs\/<its _sha256>$/],
  ['_sha256', { response: { ...sampleEntry(0, ATTACH, { size: 0, mimeType: '' }).response, content: { size: 3, mimeType: '', text: '', _file: 'blobs/x', _sha256: 'x' } } }, /^response\.content\._sha256 "x": expected the sha256/],
  ['request.postData', { request: { ...sampleEntry(0, ATTACH, { size: 0, mimeType: '' }).request, postData: { size: -1, mimeType: '', text: '' } } }, /^request\.postData\.size -1: expected the byte count$/],
];

describe('a malformed extension field is a RecordingError naming the entry and the field', () => {
  it.each(malformed)('%s (case %#)', async (field, patch, detail) => {
    const { writer, journal } = await recordWith(async () => patch as Patch);
    const fromJournal = await failure(readRecording(journal));
    const har = await writer.close();
    for (const [file, err] of [[journal, fromJournal], [har, await failure(readRecording(har))]] as const) {
      expect(err.problem).toBe('bad-entry');
      expect(err.detail).toMatch(detail);
      expect(err.detail).toContain(field);
      expect(err.entry).toMatchObject({ index: 1, seq: 1, method: 'GET', url: ATTACH });
      expect(err.message).toContain(`${file} (entry 1`);
    }
  });
});

async function failure(promise: Promise<unknown>): Promise<RecordingError> {
  const result = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(RecordingError);
  return result as RecordingError;
}
