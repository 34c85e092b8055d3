/** The causal order of a recording, on made-up timelines (ms): which exchanges a chunk waits for, and what releases it. */
import { describe, expect, it } from 'vitest';
import { CausalGate, causalDependencies, type CausalSpan } from './causal-gate.js';

interface Span extends CausalSpan {
  name: string;
}

const rec = 'recording';
const span = (name: string, startMs: number, endMs: number, group: unknown = rec): Span => ({ name, group, startMs, endMs });

// docker run: create, wait (registered at once, exit code at 1020), start (answered at 750),
// then an inspect asked after the wait ended; kill, and a logs -f whose last line follows it
const create = span('create', 0, 40);
const wait = span('wait', 50, 1070);
const start = span('start', 56, 750);
const inspect = span('inspect', 1080, 1090);
const logs = span('logs', 2000, 4000);
const kill = span('kill', 2500, 2600);
const other = span('other recording', 60, 70, 'another');
const timeline = [create, wait, start, inspect, logs, kill, other];

describe('causalDependencies', () => {
  it.each([
    ['the exit code waits for the start answered while the wait was pending', wait, 1020, ['start']],
    ['the head (at once) waits for nothing', wait, 0, []],
    ['nor does a chunk sent before the start was answered', wait, 700, []],
    ['nothing answered before it was asked (create, wait, start): the client ordered those', inspect, 10, []],
    ['the logs line after the kill waits for it', logs, 700, ['kill']],
    ['the logs line before the kill does not', logs, 100, []],
    ['an answer within the millisecond before is no order (startedDateTime is kept to the ms)', wait, 700.5, []],
    ['another recording is another session', start, 50, []],
  ])('%s', (_name, x, atMs, want) => {
    expect(causalDependencies(timeline, x, atMs).map((y) => y.name)).toEqual(want);
  });
});

describe('CausalGate', () => {
  it('a chunk with no pending cause goes at once, with no promise to await', () => {
    expect(new CausalGate(timeline).until(wait, 0)).toBeUndefined();
  });

  it('the exit code waits for the start to be served, and goes when it is', async () => {
    const gate = new CausalGate(timeline);
    gate.served(create);
    gate.served(wait);
    let released = false;
    const until = gate.until(wait, 1020)?.then(() => (released = true));
    expect(until).toBeDefined();
    expect(gate.pending(wait, 1020).map((y) => y.name)).toEqual(['start']);
    await Promise.resolve();
    expect([released, gate.waiting]).toEqual([false, 1]);
    gate.served(start);
    await until;
    expect([released, gate.waiting]).toEqual([true, 0]);
  });

  it('a cause the live run went past (it served what was asked after the cause was answered) is not waited for', async () => {
    const gate = new CausalGate(timeline);
    gate.served(wait);
    const until = gate.until(wait, 1020);
    gate.served(inspect);
    await until;
    expect(gate.pending(wait, 1020)).toEqual([]);
  });

  it('serving something asked before the cause ended does not pass over it', () => {
    const gate = new CausalGate(timeline);
    gate.served(logs);
    gate.served(wait);
    expect(gate.pending(logs, 700).map((y) => y.name)).toEqual(['kill']);
  });

  it('a client that leaves stops waiting', async () => {
    const gate = new CausalGate(timeline);
    const left = new AbortController();
    const until = gate.until(logs, 700, left.signal);
    expect(gate.waiting).toBe(1);
    left.abort();
    await until;
    expect(gate.waiting).toBe(0);
    expect(gate.until(logs, 700, left.signal)).toBeUndefined();
  });
});
