import { describe, expect, it } from 'vitest';
import { isSecretName, redactEnv, redactQuery, REDACTED_VALUE, UNREADABLE_BODY } from './redact-secrets.js';

const R = REDACTED_VALUE;

describe('redactEnv', () => {
  it('replaces secret values in a create body, keeps names, other entries and every other byte', () => {
    const text = '{"Image":"busybox","Env":["DB_PASSWORD=hunter2","PATH=/bin","api_token=t\\u0026k","KEEP"],  "Cmd":["sh"]}';
    const r = redactEnv('ContainerCreate', 'request', text)!;
    expect(r.text).toBe(`{"Image":"busybox","Env":["DB_PASSWORD=${R}","PATH=/bin","api_token=${R}","KEEP"],  "Cmd":["sh"]}`);
    expect(r.pointers).toEqual(['/Env/0', '/Env/2']);
    expect(r.text).not.toContain('hunter2');
  });

  it('finds Env as the daemon does: other letter case, escaped keys, duplicates', () => {
    const text = '{"env":["A_SECRET=1"],"\\u0045nv":["B_KEY=2"],"Env":["C_TOKEN=3"]}';
    const r = redactEnv('ContainerCreate', 'request', text)!;
    expect(r.pointers).toEqual(['/env/0', '/Env/0', '/Env/0']);
    expect(r.text).not.toMatch(/=[123]"/);
  });

  it('redacts inspect responses at Config.Env, and exec bodies', () => {
    const inspect = JSON.stringify({ Id: 'x', Config: { Env: ['MY_CREDENTIAL=abc', 'HOME=/root'] }, HostConfig: {} });
    expect(JSON.parse(redactEnv('ContainerInspect', 'response', inspect)!.text)).toEqual({ Id: 'x', Config: { Env: [`MY_CREDENTIAL=${R}`, 'HOME=/root'] }, HostConfig: {} });
    expect(redactEnv('ContainerExec', 'request', '{"Cmd":["env"],"Env":["GITHUB_TOKEN=ghp_x"]}')!.text).not.toContain('ghp_x');
  });

  it('leaves bodies without secrets, and other operations, untouched (undefined: keep the bytes)', () => {
    expect(redactEnv('ContainerCreate', 'request', '{"Env":["PATH=/bin"]}')).toBeUndefined();
    expect(redactEnv('ContainerList', 'response', '[{"Env":["X_PASSWORD=1"]}]')).toBeUndefined();
    expect(redactEnv('ContainerCreate', 'response', '{"Id":"x"}')).toBeUndefined();
  });

  it('replaces a body it must look into but cannot read, whole', () => {
    expect(redactEnv('ContainerCreate', 'request', '{"Env":["DB_PASSWORD=hunter2"]')).toEqual({ text: UNREADABLE_BODY, pointers: [''] });
  });

  it('takes configured patterns', () => {
    expect(redactEnv('ContainerCreate', 'request', '{"Env":["PIN=1234"]}', ['PIN'])!.pointers).toEqual(['/Env/0']);
    expect(isSecretName('aws_secret_access_key')).toBe(true);
    expect(isSecretName('PATH')).toBe(false);
  });
});

describe('redactQuery', () => {
  it('replaces the named parameters, any letter case, and says which', () => {
    expect(redactQuery('/v1.40/x?a=1&Token=abc&b=2', ['token'])).toEqual({ target: `/v1.40/x?a=1&Token=${encodeURIComponent(R)}&b=2`, redacted: ['Token'] });
    expect(redactQuery('/v1.40/x?a=1', ['token'])).toEqual({ target: '/v1.40/x?a=1', redacted: [] });
  });
});
