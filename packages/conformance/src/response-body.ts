/**
 * What a response body holds, for the schema check: one JSON value, a stream of them (stats,
 * events and wait's chunked answer are newline-delimited JSON under `application/json`), or
 * bytes that are not JSON. Pure.
 */

/** `application/json`, `application/problem+json`, with or without parameters. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

export type ParsedBody = { kind: 'one'; value: unknown } | { kind: 'lines'; values: unknown[] } | { kind: 'unparsable'; reason: string };

export function parseJsonBody(body: Buffer | string): ParsedBody {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return { kind: 'one', value: JSON.parse(text) };
  } catch (err) {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length < 2) return { kind: 'unparsable', reason: (err as Error).message };
    const values: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      try {
        values.push(JSON.parse(line));
      } catch (lineErr) {
        return { kind: 'unparsable', reason: `line ${i + 1}: ${(lineErr as Error).message}` };
      }
    }
    return { kind: 'lines', values };
  }
}
