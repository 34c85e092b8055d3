/**
 * A body for the audit line, when the policy's rule sets the audit level `request` (the
 * request body) or `requestResponse` (both): the Kubernetes audit levels (issue 14). What the
 * line carries is bounded and redacted the way the recording is:
 *
 * - at most AUDIT_BODY_LIMIT bytes of text, cut on a character boundary (`truncated`);
 * - bodies that may carry secrets (create and exec bodies, inspect answers) redacted with the
 *   same Env patterns as the recording (@docktape/policy redactEnv); one too large to be read
 *   whole, and so to be redacted, is left out;
 * - never the body of `POST /auth` (registry credentials), tar or other binary bodies, nor
 *   streamed ones (export, logs, events; hijacked sessions): left out with the reason said, as
 *   an audit log is read by people and search tools, not by tar.
 *
 * `AuditBodyCopy` holds the bytes as they pass (the client is never held up); `auditBody` turns
 * them into what the line says. Pure apart from the copy's buffers.
 */
import { DEFAULT_SECRET_PATTERNS, mayHoldSecrets, redactEnv, UNREADABLE_BODY } from '@docktape/policy';
import { REDACT_LIMIT } from './redacting-sink.js';

/** 64 KiB: a create body or an inspect answer fits; a line stays a line. */
export const AUDIT_BODY_LIMIT = 64 * 1024;

/** What an audit line says of one body: its text (bounded, redacted), or why it is left out. */
export type AuditBody =
  | { bytes: number; text: string; truncated: boolean; redacted?: string[] }
  | { bytes: number; omitted: string };

export interface AuditBodyFacts {
  operationId: string | undefined;
  direction: 'request' | 'response';
  mimeType: string;
  /** The operation's body arrives in pieces or without end (stream transport, hijack, websocket). */
  streamed: boolean;
  /** The operation's table says this side is a tar archive. */
  tar: boolean;
  /** POST /auth: a password. */
  secret: boolean;
  envPatterns?: readonly string[];
}

/** Whether an audit level shows that side's body (the Kubernetes levels; `none` drops the line). */
export function auditShows(level: string | undefined, direction: 'request' | 'response'): boolean {
  return level === 'requestResponse' || (level === 'request' && direction === 'request');
}

/** Media types whose bodies are text a person can read in a log line. */
function isTextType(mimeType: string): boolean {
  const type = mimeType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || type === 'application/json' || type.endsWith('+json') || type === 'application/x-www-form-urlencoded';
}

/** No media type: text only when it decodes as UTF-8 and holds no NUL (a tar starts with a name and NULs). */
function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The first `limit` bytes as text, not cutting a UTF-8 character in two. */
function cut(text: string, limit: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text);
  if (bytes.length <= limit) return { text, truncated: false };
  let end = limit;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

/** How many bytes a copy holds: enough to redact a body that may carry secrets, else the line's bound. */
export function holdLimit(facts: Pick<AuditBodyFacts, 'operationId' | 'direction'>): number {
  return mayHoldSecrets(facts.operationId, facts.direction) ? REDACT_LIMIT : AUDIT_BODY_LIMIT;
}

/** What the audit line says of a body of `size` bytes whose first bytes are `held`. */
export function auditBody(facts: AuditBodyFacts, held: Buffer, size: number): AuditBody {
  if (facts.secret) return { bytes: size, omitted: 'registry credentials (POST /auth): never logged' };
  if (facts.streamed) return { bytes: size, omitted: 'streamed body: not held for the audit log' };
  if (size === 0) return { bytes: 0, text: '', truncated: false };
  const text = facts.mimeType === '' ? looksLikeText(held) : isTextType(facts.mimeType);
  if (facts.tar || !text) return { bytes: size, omitted: `${facts.tar ? 'tar archive' : 'binary body'} (${facts.mimeType || 'no media type'}): not logged` };
  if (mayHoldSecrets(facts.operationId, facts.direction)) {
    // redaction reads the whole body (its JSON); one over the bound cannot be, so it is not shown
    if (size > held.length) return { bytes: size, omitted: `over ${REDACT_LIMIT} bytes and may hold secrets: not logged (it could not be read whole to redact it)` };
    const redaction = redactEnv(facts.operationId, facts.direction, held.toString('utf8'), facts.envPatterns ?? DEFAULT_SECRET_PATTERNS);
    if (redaction?.text === UNREADABLE_BODY) return { bytes: size, omitted: 'not JSON and may hold secrets: not logged' };
    const shown = cut(redaction ? redaction.text : held.toString('utf8'), AUDIT_BODY_LIMIT);
    return { bytes: size, ...shown, ...(redaction ? { redacted: redaction.pointers } : {}) };
  }
  const shown = cut(held.toString('utf8'), AUDIT_BODY_LIMIT);
  return { bytes: size, text: shown.text, truncated: shown.truncated || size > held.length };
}

/** Holds the first bytes of a body as it passes, for `auditBody` at the end. */
export class AuditBodyCopy {
  private readonly held: Buffer[] = [];
  private heldSize = 0;
  private size = 0;
  private readonly limit: number;

  constructor(private readonly facts: AuditBodyFacts) {
    this.limit = holdLimit(facts);
  }

  setMimeType(mimeType: string): void {
    this.facts.mimeType = mimeType;
  }

  write(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.facts.streamed || this.facts.secret || this.heldSize > this.limit) return;
    // a copy: the relay lends its read buffers and takes them back; one byte past the bound
    // is enough to know the body was longer
    const room = this.limit + 1 - this.heldSize;
    const part = Buffer.from(chunk.subarray(0, Math.max(0, room)));
    this.held.push(part);
    this.heldSize += part.length;
  }

  result(): AuditBody {
    const held = Buffer.concat(this.held);
    return auditBody(this.facts, held.subarray(0, this.limit), this.size);
  }
}
