import { describe, expect, it } from 'vitest';
import { PolicyError } from './policy-error.js';
import { parsePolicy } from './policy-file.js';
import { DEFAULT_SECRET_PATTERNS, redactEnv, redactQuery } from './redact-secrets.js';
import { redactionPlan, type RedactionPlan } from './redaction-settings.js';
import type { RedactionSettings } from './policy-types.js';

const files: Record<string, string> = {
  'base.yaml': 'redact: { env: [PIN], query: [sig] }\nrules:\n  - { name: all, action: allow }\n',
};
const parse = (text: string) => parsePolicy('policy.yaml', text, { load: (name) => ({ source: name, text: files[name]! }) });

describe('redactionPlan', () => {
  it.each<[string, Partial<RedactionSettings>[], RedactionPlan]>([
    ['nothing added: the defaults', [], { envPatterns: DEFAULT_SECRET_PATTERNS, queryNames: [] }],
    ['flags and a file add, each name once in any letter case', [{ env: ['PIN', 'otp'], query: ['token'] }, { env: ['pin', 'SALT'], query: ['Token', 'sig'] }], { envPatterns: [...DEFAULT_SECRET_PATTERNS, 'PIN', 'otp', 'SALT'], queryNames: ['token', 'sig'] }],
    ['a default repeated is not doubled', [{ env: ['password'] }], { envPatterns: DEFAULT_SECRET_PATTERNS, queryNames: [] }],
  ])('%s', (_name, sources, want) => {
    expect(redactionPlan(...sources)).toEqual(want);
  });

  it('an added pattern redacts what the defaults leave', () => {
    const body = '{"Env":["MY_PIN=1234","PATH=/bin"]}';
    expect(redactEnv('ContainerCreate', 'request', body)).toBeUndefined();
    expect(redactEnv('ContainerCreate', 'request', body, redactionPlan({ env: ['pin'] }).envPatterns)?.pointers).toEqual(['/Env/0']);
  });
});

describe('redactQuery', () => {
  it.each([
    ['a named parameter, in any letter case', '/v1.40/x?Token=abc&all=1', ['token'], { target: '/v1.40/x?Token=%5Bredacted%20by%20docktape%5D&all=1', redacted: ['Token'] }],
    ['every occurrence, named once', '/x?sig=a&sig=b', ['sig'], { target: '/x?sig=%5Bredacted%20by%20docktape%5D&sig=%5Bredacted%20by%20docktape%5D', redacted: ['sig'] }],
    ['an encoded name is compared decoded', '/x?%73ig=a', ['sig'], { target: '/x?%73ig=%5Bredacted%20by%20docktape%5D', redacted: ['sig'] }],
    ['other parameters untouched', '/x?all=1', ['sig'], { target: '/x?all=1', redacted: [] }],
    ['no query', '/x', ['sig'], { target: '/x', redacted: [] }],
  ])('%s', (_name, target, names, want) => expect(redactQuery(target, names)).toEqual(want));
});

describe('policy file redact:', () => {
  it('reads env and query, and merges every base (redaction only grows)', () => {
    const p = parse('extends: base.yaml\nredact:\n  env: [OTP]\n  query: [token]\nrules: []\n');
    expect(p.redact).toEqual({ env: ['OTP', 'PIN'], query: ['token', 'sig'] });
  });

  it('is absent when no layer sets it', () => {
    expect(parse('rules:\n  - { name: all, action: allow }\n').redact).toBeUndefined();
  });

  it.each([
    ['redact: [PIN]\nrules: []\n', /policy.yaml:1: redact: expected \{env/],
    ['redact:\n  envs: [PIN]\nrules: []\n', /policy.yaml:2: redact.envs: unknown key/],
    ['redact:\n  env: [""]\nrules: []\n', /policy.yaml:2: redact.env.0: expected a non-empty name/],
  ])('refuses %j', (text, want) => {
    expect(() => parse(text)).toThrow(PolicyError);
    expect(() => parse(text)).toThrow(want);
  });
});
