/**
 * Applies an OpenAPI Overlay 1.0 document (https://spec.openapis.org/overlay/v1.0.0) to an
 * OpenAPI document, returning a new document. Pure: no I/O, input left untouched.
 *
 * Supported actions: `update` (objects merged recursively, other values replaced, arrays
 * appended, as the Overlay spec says) and `remove: true`. A target that matches nothing is an
 * error rather than a no-op, so an erratum that upstream has since fixed (or moved) is noticed.
 */
import { parseJsonPath, resolvePath, type PathSegment } from './json-path.js';

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
  [extension: `x-${string}`]: unknown;
}

export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export class OverlayError extends Error {
  override name = 'OverlayError';
}

export function validateOverlay(doc: unknown): OverlayDocument {
  const d = doc as Partial<OverlayDocument> | null;
  if (!d || typeof d !== 'object') throw new OverlayError('overlay is not an object');
  if (typeof d.overlay !== 'string' || !d.overlay.startsWith('1.')) {
    throw new OverlayError(`unsupported overlay version ${JSON.stringify(d.overlay)} (expected 1.x)`);
  }
  if (!Array.isArray(d.actions)) throw new OverlayError('overlay has no "actions" array');
  d.actions.forEach((a, i) => {
    if (typeof a?.target !== 'string') throw new OverlayError(`action #${i} has no string "target"`);
    if ((a.update === undefined) === (a.remove !== true)) {
      throw new OverlayError(`action #${i} (${a.target}) must have exactly one of "update" or "remove: true"`);
    }
  });
  return d as OverlayDocument;
}

export function applyOverlay<T>(document: T, overlay: OverlayDocument): T {
  const out = structuredClone(document);
  overlay.actions.forEach((action, i) => {
    const segments = parseJsonPath(action.target);
    const where = `action #${i} (${action.target})`;
    if (action.remove) {
      removeAt(out, segments, where);
    } else {
      const node = resolvePath(out, segments);
      if (node === undefined) throw new OverlayError(`${where}: target matches nothing`);
      if (!isPlainObject(node) || !isPlainObject(action.update)) {
        throw new OverlayError(`${where}: update needs an object target and an object value`);
      }
      mergeInto(node, action.update);
    }
  });
  return out;
}

function removeAt(root: unknown, segments: PathSegment[], where: string): void {
  if (segments.length === 0) throw new OverlayError(`${where}: cannot remove the document root`);
  const parent = resolvePath(root, segments.slice(0, -1));
  const key = segments[segments.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number' && key < parent.length) {
    parent.splice(key, 1);
  } else if (isPlainObject(parent) && Object.hasOwn(parent, key)) {
    delete parent[key];
  } else {
    throw new OverlayError(`${where}: target matches nothing`);
  }
}

function mergeInto(target: Record<string, unknown>, update: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) mergeInto(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) current.push(...structuredClone(value));
    else target[key] = structuredClone(value);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
