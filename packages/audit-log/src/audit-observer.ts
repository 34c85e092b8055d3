/**
 * Wiring of the audit log into the proxy: an ExchangeObserver (@docktape/proxy) that turns
 * each exchange's facts into events (audit-event.ts) and hands them to the line writer.
 * Exchanges whose policy rule sets the audit level `none` get no line. `conformanceOf` reads
 * the live conformance another observer put on the entry (it runs earlier in the list), so the
 * audit line and the recording say the same.
 */
import { randomBytes } from 'node:crypto';
import type { ExchangeObserver } from '@docktape/proxy';
import type { HarEntry } from '@docktape/recording';
import { completedEvent, isAudited, openedEvent, type AuditConformance, type AuditEvent } from './audit-event.js';

export interface AuditSink {
  write(event: AuditEvent): void;
}

export function auditObserver(
  sink: AuditSink,
  options: { runId?: string; conformanceOf?: (entry: HarEntry) => AuditConformance | null } = {},
): ExchangeObserver {
  // ids stay unique across proxy runs appending to the same file
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const conformanceOf = options.conformanceOf ?? (() => null);
  return {
    // a rule with audit level none: no line for its exchanges (Kubernetes' None)
    opened: (facts) => {
      if (isAudited(facts)) sink.write(openedEvent(runId, facts));
    },
    finished: (entry, facts) => {
      if (isAudited(facts)) sink.write(completedEvent(runId, entry, facts, conformanceOf(entry)));
    },
  };
}
