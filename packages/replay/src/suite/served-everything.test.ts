import { describe, expect, it } from 'vitest';
import { describeServed } from './served-everything.js';

describe('describeServed', () => {
  it.each([
    ['everything served: nothing to say', { errors: [], unserved: [] }, undefined],
    [
      'an exchange never asked for',
      { errors: [], unserved: ['GET http://docker/v1.40/version (/f/a.har entry 1)'] },
      '1 recorded exchange(s) were never asked for:\n  - GET http://docker/v1.40/version (/f/a.har entry 1)\nRecord again (DOCKTAPE_MODE=record) if the change is intended.',
    ],
    [
      'a request that matched nothing, then an exchange never asked for',
      { errors: ['no recorded exchange matches GET /info'], unserved: ['GET http://docker/_ping (/f/a.har entry 0)'] },
      '1 request(s) matched no recorded exchange:\n  - no recorded exchange matches GET /info\n' +
        '1 recorded exchange(s) were never asked for:\n  - GET http://docker/_ping (/f/a.har entry 0)\nRecord again (DOCKTAPE_MODE=record) if the change is intended.',
    ],
  ])('%s', (_name, report, want) => expect(describeServed(report)).toBe(want));

  it('lists at most `limit` items, then a count', () => {
    const message = describeServed({ errors: [], unserved: ['a', 'b', 'c'] }, 2)!;
    expect(message).toContain('  - a\n  - b\n  ... and 1 more');
    expect(message).not.toContain('  - c');
  });
});
