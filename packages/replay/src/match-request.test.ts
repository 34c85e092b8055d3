import { describe, expect, it } from 'vitest';
import { compareRequest, type ComparableRequest, type MatchOptions } from './match-request.js';

const req = (over: Partial<ComparableRequest> = {}): ComparableRequest => ({ method: 'GET', path: '/containers/json', query: [], body: undefined, ...over });
const json = (value: unknown) => {
  const text = JSON.stringify(value);
  return { size: text.length, sha256: `sha-${text}`, text };
};

describe('compareRequest', () => {
  const cases: [string, { live: ComparableRequest; recorded: ComparableRequest; options?: MatchOptions; want: string[]; names?: [string, string][] }][] = [
    ['identical', { live: req(), recorded: req(), want: [] }],
    ['query order does not matter', { live: req({ query: [['a', '1'], ['b', '2']] }), recorded: req({ query: [['b', '2'], ['a', '1']] }), want: [] }],
    ['a query value differs', { live: req({ query: [['all', 'true']] }), recorded: req({ query: [['all', 'false']] }), want: ['query all="true", recorded "false"'] }],
    ['extra query', { live: req({ query: [['all', 'true']] }), recorded: req(), want: ['query all=true not in the recording'] }],
    ['missing query', { live: req(), recorded: req({ query: [['tail', '3']] }), want: ['query tail=3 recorded, not sent'] }],
    ['ignored query', { live: req({ query: [['since', '1']] }), recorded: req({ query: [['since', '2']] }), options: { ignoreQuery: ['since'] }, want: [] }],
    ['method and path', { live: req({ method: 'POST', path: '/containers/a/start' }), recorded: req({ path: '/containers/a/stop' }), want: ['method POST, recorded GET', 'path /containers/a/start, recorded /containers/a/stop'] }],
    ['create name is bindable', { live: req({ method: 'POST', path: '/containers/create', query: [['name', 'live']] }), recorded: req({ method: 'POST', path: '/containers/create', query: [['name', 'rec']] }), want: [], names: [['rec', 'live']] }],
    ['other params are not bindable', { live: req({ query: [['name', 'live']] }), recorded: req({ query: [['name', 'rec']] }), want: ['query name="live", recorded "rec"'] }],
    ['JSON bodies structurally', { live: req({ body: json({ b: 1, a: [1] }) }), recorded: req({ body: json({ a: [1], b: 1 }) }), want: [] }],
    ['JSON body difference', { live: req({ body: json({ Image: 'x' }) }), recorded: req({ body: json({ Image: 'y' }) }), want: ['body Image: "x", recorded "y"'] }],
    ['ignored body field', { live: req({ body: json({ Labels: { a: 1 } }) }), recorded: req({ body: json({ Labels: { a: 2 } }) }), options: { ignoreBodyFields: ['Labels'] }, want: [] }],
    ['binary bodies by bytes', { live: req({ body: { size: 3, sha256: 'aaa' } }), recorded: req({ body: { size: 3, sha256: 'bbb' } }), want: ['body of 3 bytes (sha256 aaa), recorded 3 bytes (sha256 bbb)'] }],
    ['binary bodies ignored', { live: req({ body: { size: 3, sha256: 'aaa' } }), recorded: req({ body: { size: 3, sha256: 'bbb' } }), options: { binaryBodies: 'ignore' }, want: [] }],
    ['body sent, none recorded', { live: req({ body: json({}) }), recorded: req(), want: ['body of 2 bytes, none recorded'] }],
    [
      'redacted Env values are not compared, the rest of the body is',
      {
        live: req({ body: json({ Image: 'x', Env: ['DB_PASSWORD=hunter2', 'A=1'] }) }),
        recorded: req({ body: json({ Image: 'x', Env: ['DB_PASSWORD=[redacted by docktape]', 'A=2'] }), redacted: { body: ['/Env/0'], query: [] } }),
        want: ['body Env[1]: "A=1", recorded "A=2"'],
      },
    ],
    [
      'a create body\'s Env in another order matches (issue 12: the docker CLI sends -e values in Go map order)',
      {
        live: req({ method: 'POST', path: '/containers/create', body: json({ Image: 'x', Env: ['B=2', 'A=1'] }) }),
        recorded: req({ method: 'POST', path: '/containers/create', body: json({ Image: 'x', Env: ['A=1', 'B=2'] }) }),
        want: [],
      },
    ],
    [
      'an exec create body\'s Env in another order matches, the rest of the body is still compared',
      {
        live: req({ method: 'POST', path: '/containers/abc/exec', body: json({ Cmd: ['env'], Env: ['B=2', 'A=1'] }) }),
        recorded: req({ method: 'POST', path: '/containers/abc/exec', body: json({ Cmd: ['true'], Env: ['A=1', 'B=2'] }) }),
        want: ['body Cmd[0]: "env", recorded "true"'],
      },
    ],
    [
      'a create body\'s Env with another entry mismatches, naming it',
      {
        live: req({ method: 'POST', path: '/containers/create', body: json({ Env: ['B=2', 'A=3'] }) }),
        recorded: req({ method: 'POST', path: '/containers/create', body: json({ Env: ['A=1', 'B=2'] }) }),
        want: ['body Env[0]: "A=3", recorded "A=1"'],
      },
    ],
    [
      'a create body\'s Env in another order with a redacted value',
      {
        live: req({ method: 'POST', path: '/containers/create', body: json({ Env: ['A=1', 'DB_PASSWORD=hunter2'] }) }),
        recorded: req({ method: 'POST', path: '/containers/create', body: json({ Env: ['DB_PASSWORD=[redacted by docktape]', 'A=1'] }), redacted: { body: ['/Env/0'], query: [] } }),
        want: [],
      },
    ],
    ['Env of other requests is compared in order', { live: req({ body: json({ Env: ['B=2', 'A=1'] }) }), recorded: req({ body: json({ Env: ['A=1', 'B=2'] }) }), want: ['body Env[0]: "B=2", recorded "A=1"', 'body Env[1]: "A=1", recorded "B=2"'] }],
    ['an ignored Env is not compared', { live: req({ method: 'POST', path: '/containers/create', body: json({ Env: ['A=1'] }) }), recorded: req({ method: 'POST', path: '/containers/create', body: json({ Env: ['A=2'] }) }), options: { ignoreBodyFields: ['Env'] }, want: [] }],
    ['a body redacted whole is not compared', { live: req({ body: json({ Env: ['X_KEY=1'] }) }), recorded: req({ body: json('not recorded'), redacted: { body: [''], query: [] } }), want: [] }],
    ['a redacted query parameter is not compared', { live: req({ query: [['token', 'abc']] }), recorded: req({ query: [['token', '[redacted]']], redacted: { body: [], query: ['token'] } }), want: [] }],
  ];
  it.each(cases)('%s', (_name, { live, recorded, options, want, names }) => {
    const got = compareRequest(live, recorded, options);
    expect(got.differences).toEqual(want);
    expect(got.score === 0).toBe(want.length === 0);
    expect(got.names).toEqual(names ?? []);
  });

  it('a name already bound elsewhere is a difference', () => {
    const live = req({ method: 'POST', path: '/containers/create', query: [['name', 'live']] });
    const recorded = req({ method: 'POST', path: '/containers/create', query: [['name', 'rec']] });
    expect(compareRequest(live, recorded, {}, () => false).differences).toEqual(['query name="live", recorded "rec"']);
  });
});
