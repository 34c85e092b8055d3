/**
 * The README's "Quick start" is the consumer test's code, word for word (issue 15): each block
 * introduced by a file name there equals that file of tools/consumer/project, which run.sh
 * installs and runs outside the monorepo. Edit the project, then copy it into the README.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = path.join(ROOT, 'tools/consumer/project');
const SHOWN = ['src/hello-docker.ts', 'src/main.ts', 'test/hello-docker.spec.ts', 'record-and-replay.sh'];

/** The code blocks of a markdown section, by the `file` named on the line before each. Pure. */
export function namedBlocks(markdown: string, heading: string): Map<string, string> {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) return new Map();
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return new Map([...section.matchAll(/^`([^`\n]+)`[^\n]*\n(?:[^\n`][^\n]*\n)*\n```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('namedBlocks', () => {
  it('finds a block by the file named before it, within the section only', () => {
    const md = '# x\n\n## Quick start\n\n`a.ts`:\n\n```ts\nconst a = 1;\n```\n\n## Other\n\n`b.ts`:\n\n```ts\nb\n```\n';
    expect(namedBlocks(md, '## Quick start')).toEqual(new Map([['a.ts', 'const a = 1;\n']]));
    expect(namedBlocks(md, '## Missing')).toEqual(new Map());
  });
});

describe("the README's quick start", () => {
  const blocks = namedBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), '## Quick start');
  it.each(SHOWN)('%s is the consumer project file, word for word', (file) => {
    expect(blocks.get(file)).toBe(readFileSync(path.join(PROJECT, file), 'utf8'));
  });
});
