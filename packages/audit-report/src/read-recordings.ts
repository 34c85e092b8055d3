/**
 * Finds and reads the recordings to audit: every `.har` and `.har.jsonl` under the folders given
 * (recursively: fixtures are one folder per recording set; `blobs/` skipped), and any file named
 * directly. docktape's own files go through @docktape/recording's strict reader; a HAR it calls
 * not docktape's (a browser export) is read leniently (lenient-har.ts). A file that cannot be
 * read at all (cut short, not JSON) is reported with its reason, and the others still are.
 * Bodies are loaded only for exchanges the audit will check offline.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isJsonMediaType } from '@docktape/conformance';
import { HAR_SUFFIX, JOURNAL_SUFFIX, RecordingError, readBody, readRecording, type RecordedContent } from '@docktape/recording';
import { contentTypeOf, cutOf, kindOf, type AuditExchange, type LooseEntry } from './exchange.js';
import { inlineBody, NotHarError, readLenientHar, type SkippedEntry } from './lenient-har.js';

export interface FileReport {
  /** As shown to the user: relative to the working folder when inside it. */
  file: string;
  /** `docktape` (a proxy's .har), `journal` (.har.jsonl of a recording still running or cut), `har` (another tool's). */
  format: 'docktape' | 'journal' | 'har' | 'unreadable';
  entries: number;
  skipped: SkippedEntry[];
  warnings: string[];
  /** Why nothing of the file could be read. */
  error?: string;
}

export interface ReadResult {
  files: FileReport[];
  exchanges: AuditExchange[];
}

export interface ReadProgress {
  filesRead: number;
  filesTotal: number;
  entries: number;
}

export interface ReadOptions {
  onProgress?: (progress: ReadProgress) => void;
  /** Where relative names are shown from (default: the working folder). */
  cwd?: string;
}

/** The recording files under `paths`, in a stable order; a path that is a file is taken as is. */
export async function findRecordingFiles(paths: readonly string[]): Promise<{ files: string[]; missing: FileReport[] }> {
  const files: string[] = [];
  const missing: FileReport[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (err) {
      missing.push({ file: p, format: 'unreadable', entries: 0, skipped: [], warnings: [], error: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (isDir) files.push(...(await walk(p)));
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}

async function walk(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'blobs' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      found.push(...(await walk(full)));
    } else if (e.name.endsWith(HAR_SUFFIX)) {
      found.push(full);
    } else if (e.name.endsWith(JOURNAL_SUFFIX) && !names.has(e.name.slice(0, -'.jsonl'.length))) {
      // a journal next to its finished .har holds the same exchanges
      found.push(full);
    }
  }
  return found;
}

export async function readForAudit(paths: readonly string[], options: ReadOptions = {}): Promise<ReadResult> {
  const cwd = options.cwd ?? process.cwd();
  const shown = (file: string) => {
    const rel = path.relative(cwd, path.resolve(cwd, file));
    return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(cwd, file) : rel;
  };
  const { files, missing } = await findRecordingFiles(paths);
  const result: ReadResult = { files: [...missing], exchanges: [] };
  for (const [i, file] of files.entries()) {
    const { report, exchanges } = await readOne(file, shown(file));
    result.files.push(report);
    result.exchanges.push(...exchanges);
    options.onProgress?.({ filesRead: i + 1, filesTotal: files.length, entries: result.exchanges.length });
  }
  return result;
}

async function readOne(file: string, name: string): Promise<{ report: FileReport; exchanges: AuditExchange[] }> {
  const unreadable = (error: string) => ({ report: { file: name, format: 'unreadable' as const, entries: 0, skipped: [], warnings: [], error }, exchanges: [] });
  try {
    const recording = await readRecording(file);
    const format = recording.fromJournal ? 'journal' : 'docktape';
    const warnings = recording.warnings.map((w) => w.message);
    if (recording.info.incomplete) warnings.push(`recording stopped early (${recording.info.incomplete.reason}): exchanges after ${recording.info.incomplete.at} are not in it`);
    const exchanges: AuditExchange[] = [];
    for (const [index, entry] of recording.entries.entries()) {
      exchanges.push(await toExchange(entry as LooseEntry, index, name, (content) => readBody(file, content as RecordedContent, index)));
    }
    return { report: { file: name, format, entries: exchanges.length, skipped: [], warnings }, exchanges };
  } catch (err) {
    // another tool's HAR (or one docktape's strict reader refuses entry by entry): read leniently
    const lenient = err instanceof RecordingError && (err.problem === 'not-docktape' || err.problem === 'bad-entry' || err.problem === 'format-version');
    if (!lenient) return unreadable(err instanceof RecordingError ? err.message : `cannot read: ${(err as Error).message}`);
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(file, 'utf8'));
    } catch (parseErr) {
      return unreadable(`is not JSON: ${(parseErr as Error).message}`);
    }
    try {
      const har = readLenientHar(doc);
      const exchanges: AuditExchange[] = [];
      for (const { index, entry } of har.entries) {
        const content = entry.response?.content as { text?: unknown; encoding?: unknown; _file?: unknown } | undefined;
        exchanges.push(
          await toExchange(entry, index, name, async () => {
            if (typeof content?._file === 'string') return readBody(file, content as RecordedContent, index);
            const bytes = inlineBody(content);
            if (!bytes) throw new Error('the entry holds no body text');
            return bytes;
          }),
        );
      }
      const warnings = err.problem === 'not-docktape' ? [] : [`read leniently: ${err.message}`];
      return { report: { file: name, format: 'har', entries: exchanges.length, skipped: har.skipped, warnings }, exchanges };
    } catch (harErr) {
      if (harErr instanceof NotHarError) return unreadable(harErr.message);
      throw harErr;
    }
  }
}

async function toExchange(entry: LooseEntry, index: number, file: string, body: (content: unknown) => Promise<Buffer>): Promise<AuditExchange> {
  const kind = kindOf(entry);
  const status = entry.response!.status as number;
  const exchange: AuditExchange = {
    file,
    index,
    method: String(entry.request!.method).toUpperCase(),
    url: String(entry.request!.url),
    status,
    kind,
    contentType: contentTypeOf(entry),
  };
  if (typeof entry._seq === 'number') exchange.seq = entry._seq;
  const cut = cutOf(entry, kind);
  if (cut) exchange.cut = cut;
  const recorded = entry._conformance as AuditExchange['conformance'];
  if (recorded && typeof recorded === 'object' && Array.isArray(recorded.violations)) {
    exchange.conformance = recorded;
  } else if (!cut && kind === 'http' && exchange.method !== 'HEAD' && isJsonMediaType(exchange.contentType)) {
    // a HEAD answer carries the GET's Content-Type and, by HTTP, no body: nothing to check
    try {
      exchange.body = await body(entry.response?.content);
    } catch (err) {
      exchange.bodyProblem = `body not checked: ${(err as Error).message}`;
    }
  }
  return exchange;
}
