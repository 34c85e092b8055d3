import { describe, expect, it } from 'vitest';
import { logsQuery } from './logs.js';
import { queryString } from './raw-request.js';

describe('logsQuery', () => {
  const cases: [string, { given: Parameters<typeof logsQuery>[0]; want: string }][] = [
    ['defaults ask for both streams (the daemon refuses neither)', { given: {}, want: '?stdout=true&stderr=true' }],
    ['follow, timestamps and tail as a number', { given: { follow: true, timestamps: true, tail: 3 }, want: '?follow=true&stdout=true&stderr=true&timestamps=true&tail=3' }],
    ['tail all', { given: { tail: 'all', stderr: false }, want: '?stdout=true&stderr=false&tail=all' }],
    ['since and until from Dates, as UNIX seconds with the milliseconds', { given: { since: new Date(1_700_000_000_250), until: new Date(1_700_000_100_000) }, want: '?stdout=true&stderr=true&since=1700000000.25&until=1700000100' }],
    ['since as UNIX seconds', { given: { since: 1_700_000_000 }, want: '?stdout=true&stderr=true&since=1700000000' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(queryString(logsQuery(given))).toBe(want);
  });
});
