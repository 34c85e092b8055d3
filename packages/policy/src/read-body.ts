/**
 * A request body as the daemon will read it: parsed keeping duplicates (go-json-parse.ts),
 * decoded with Go's rules into the operation's struct (go-json-decode.ts), turned into facts
 * (body-facts.ts). Any failure is a reason to refuse, never a reason to skip the check. Pure.
 */
import { bodyFacts, emptyFacts, type BodyFacts } from './body-facts.js';
import { BODY_SHAPES } from './docker-body-shapes.js';
import { GoTypeError, goDecode } from './go-json-decode.js';
import { JsonSyntaxError, parseGoJson } from './go-json-parse.js';

export type BodyReading = { ok: true; facts: BodyFacts } | { ok: false; reason: string };

/** Whether the policy reads this operation's body at all. */
export const readsBody = (operationId: string | undefined): boolean => operationId !== undefined && operationId in BODY_SHAPES;

/** `text` is the whole body, decoded as UTF-8 (as Go does, bad bytes become U+FFFD). */
export function readBody(operationId: string, text: string): BodyReading {
  const shape = BODY_SHAPES[operationId];
  if (!shape) return { ok: true, facts: emptyFacts() };
  // The daemon treats an empty create body as "no config" and fails; an empty update or exec
  // body is a 400 too. Nothing to read is not the same as nothing asked: refuse.
  if (text.trim() === '') return { ok: false, reason: 'the body is empty' };
  try {
    return { ok: true, facts: bodyFacts(operationId, goDecode(parseGoJson(text), shape)) };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { ok: false, reason: `the body is not JSON (${err.message})` };
    if (err instanceof GoTypeError) return { ok: false, reason: `the body does not fit ${operationId} (${err.message})` };
    throw err;
  }
}
