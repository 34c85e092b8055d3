import { describe, expect, it } from 'vitest';
import { applyOverlay, validateOverlay, type OverlayAction } from './apply-overlay.js';

const base = () => ({
  components: { schemas: { Wait: { type: 'object', properties: { Error: { type: 'object' } }, required: ['StatusCode'] } } },
  paths: { '/x': { get: { tags: ['A'] } } },
});
const overlay = (actions: OverlayAction[]) => validateOverlay({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions });

describe('applyOverlay', () => {
  const cases: Array<[string, { actions: OverlayAction[]; want: unknown }]> = [
    [
      'update merges into an object',
      {
        actions: [{ target: '$.components.schemas.Wait.properties.Error', update: { nullable: true } }],
        want: { components: { schemas: { Wait: { properties: { Error: { type: 'object', nullable: true } } } } } },
      },
    ],
    [
      'update appends to arrays and adds new keys',
      {
        actions: [{ target: '$.components.schemas.Wait', update: { required: ['Error'], title: 'W' } }],
        want: { components: { schemas: { Wait: { required: ['StatusCode', 'Error'], title: 'W' } } } },
      },
    ],
    [
      'remove deletes a key',
      { actions: [{ target: "$.paths['/x'].get.tags", remove: true }], want: { paths: { '/x': { get: {} } } } },
    ],
  ];
  it.each(cases)('%s', (_n, { actions, want }) => {
    const input = base();
    const out = applyOverlay(input, overlay(actions));
    expect(out).toMatchObject(want as object);
    expect(input).toEqual(base()); // pure: input untouched
  });

  it('a target that matches nothing is an error naming the action', () => {
    expect(() => applyOverlay(base(), overlay([{ target: '$.components.schemas.Gone', update: { nullable: true } }]))).toThrow(
      /action #0 \(\$\.components\.schemas\.Gone\): target matches nothing/,
    );
    expect(() => applyOverlay(base(), overlay([{ target: '$.paths.nope', remove: true }]))).toThrow(/matches nothing/);
  });

  it('validateOverlay rejects malformed documents', () => {
    expect(() => validateOverlay({ overlay: '2.0.0', actions: [] })).toThrow(/unsupported overlay version/);
    expect(() => validateOverlay({ overlay: '1.0.0', actions: [{ target: '$.a' }] })).toThrow(/exactly one of "update" or "remove: true"/);
    expect(() => validateOverlay({ overlay: '1.0.0' })).toThrow(/no "actions" array/);
  });
});
