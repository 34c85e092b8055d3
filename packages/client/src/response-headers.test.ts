import { describe, expect, it } from 'vitest';
import { ResponseHeaders, type RawHeaderRecord } from './response-headers.js';

// The reference for every row is what a WHATWG Headers built from the same pairs answers.
function whatwg(raw: RawHeaderRecord): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, one);
  return h;
}

/** This repo's lib typings leave Headers' iterators out; both classes have them at run time. */
type IterableHeaders = Iterable<[string, string]> & { keys(): Iterable<string>; values(): Iterable<string> };
const iter = (h: Headers) => h as unknown as IterableHeaders;

describe('ResponseHeaders reads as a WHATWG Headers does', () => {
  const cases: [string, RawHeaderRecord][] = [
    ["the daemon's usual headers", { 'api-version': '1.40', 'content-type': 'application/json', ostype: 'linux', server: 'Docker/20.10.24 (linux)', 'content-length': '3' }],
    ['a repeated header and set-cookie kept apart', { via: ['a', 'b'], 'set-cookie': ['x=1', 'y=2'], date: 'now' }],
    ['an undefined value is left out', { 'x-gone': undefined, 'x-here': 'yes' }],
    ['no headers', {}],
  ];
  it.each(cases)('%s', (_name, raw) => {
    const ours = iter(new ResponseHeaders(raw));
    const ref = iter(whatwg(raw));
    expect(ours).toBeInstanceOf(Headers);
    expect([...ours]).toEqual([...ref]);
    expect([...ours.keys()]).toEqual([...ref.keys()]);
    expect([...ours.values()]).toEqual([...ref.values()]);
    const [o, r] = [ours as unknown as Headers, ref as unknown as Headers];
    expect(o.getSetCookie()).toEqual(r.getSetCookie());
    for (const name of [...Object.keys(raw), 'Content-Length', 'missing']) {
      expect(o.get(name)).toBe(r.get(name));
      expect(o.has(name)).toBe(r.has(name));
    }
    // What consumers do with a Headers: copy it into another one, or into a Response.
    expect([...iter(new Headers(o))]).toEqual([...ref]);
    expect([...iter(new Response(null, { headers: o }).headers)]).toEqual([...ref]);
  });

  it('mutates as a Headers does (middleware may rewrite a response)', () => {
    const ours = new ResponseHeaders({ 'content-type': 'text/plain' });
    ours.set('Content-Type', 'application/json');
    ours.append('X-Trace', '1');
    ours.append('x-trace', '2');
    ours.delete('missing');
    const seen: string[] = [];
    ours.forEach((v, k) => seen.push(`${k}=${v}`));
    expect(seen).toEqual(['content-type=application/json', 'x-trace=1, 2']);
    ours.delete('X-TRACE');
    expect(ours.has('x-trace')).toBe(false);
  });
});
