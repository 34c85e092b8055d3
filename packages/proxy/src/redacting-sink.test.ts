import { describe, expect, it } from 'vitest';
import type { BodySink, RecordedContent } from '@docktape/recording';
import { RedactingSink, REDACT_LIMIT } from './redacting-sink.js';

/** A sink that keeps what reaches it: what would be on disk. */
function fakeSink() {
  const written: Buffer[] = [];
  const sink = {
    setMimeType: () => undefined,
    write: (chunk: Buffer) => void written.push(Buffer.from(chunk)),
    end: async (): Promise<RecordedContent> => ({ size: Buffer.concat(written).length, mimeType: 'application/json', text: Buffer.concat(written).toString() }),
    discard: async () => undefined,
  };
  return { sink: sink as unknown as BodySink, disk: () => Buffer.concat(written).toString() };
}

describe('RedactingSink', () => {
  it('writes nothing until the end, then the body with secret Env values replaced', async () => {
    const { sink, disk } = fakeSink();
    const pointers: string[][] = [];
    const r = new RedactingSink(sink, 'ContainerCreate', 'request', (p) => pointers.push(p));
    await r.write(Buffer.from('{"Image":"busybox","Env":["DB_PASS'));
    expect(disk()).toBe('');
    await r.write(Buffer.from('WORD=hunter2"]}'));
    await r.end();
    expect(disk()).toBe('{"Image":"busybox","Env":["DB_PASSWORD=[redacted by docktape]"]}');
    expect(pointers).toEqual([['/Env/0']]);
  });

  it('keeps a body without secrets byte for byte, and says nothing', async () => {
    const { sink, disk } = fakeSink();
    const pointers: string[][] = [];
    const body = '{ "Image" : "busybox", "Env": ["PATH=/bin"] }';
    const r = new RedactingSink(sink, 'ContainerCreate', 'request', (p) => pointers.push(p));
    await r.write(Buffer.from(body));
    await r.end();
    expect(disk()).toBe(body);
    expect(pointers).toEqual([]);
  });

  it('records a placeholder for a body too large to read whole', async () => {
    const { sink, disk } = fakeSink();
    const pointers: string[][] = [];
    const r = new RedactingSink(sink, 'ContainerInspect', 'response', (p) => pointers.push(p));
    await r.write(Buffer.alloc(REDACT_LIMIT, 0x20));
    await r.write(Buffer.from('{"Config":{"Env":["A_SECRET=x"]}}'));
    await r.end();
    expect(disk()).not.toContain('A_SECRET=x');
    expect(disk()).toContain('body not recorded');
    expect(pointers).toEqual([['']]);
  });
});
