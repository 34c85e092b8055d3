/**
 * The spec pipeline: pinned Swagger 2.0 -> OpenAPI 3.0 (swagger2openapi) -> errata overlay.
 * Kept apart from generate.ts so tests and other tools (conformance checks) can get the
 * patched document without writing files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import swagger2openapi from 'swagger2openapi';
import YAML from 'yaml';
import { applyOverlay, validateOverlay, type OverlayDocument } from './apply-overlay.js';
import { readPinnedSpec, sha256, type SpecPin } from './spec-pin.js';

export const OVERLAY_FILE = path.join('spec', 'errata.overlay.yaml');
/** How operations travel on the wire (stream, hijack, websocket, tar): see the file's header. */
export const TRANSPORT_OVERLAY_FILE = path.join('spec', 'transport.overlay.yaml');

export interface PatchedSpec {
  document: Record<string, unknown>;
  /** The converted document before the overlays, to show what each erratum changes. */
  original: Record<string, unknown>;
  pin: SpecPin;
  specFile: string;
  overlay: OverlayDocument;
  overlaySha256: string;
  transportSha256: string;
}

export async function loadOverlay(repoRoot: string, file = OVERLAY_FILE): Promise<{ overlay: OverlayDocument; sha: string }> {
  const text = await readFile(path.join(repoRoot, file), 'utf8');
  return { overlay: validateOverlay(YAML.parse(text, { merge: true })), sha: sha256(text) };
}

export async function convertToOpenApi3(swagger: unknown): Promise<Record<string, unknown>> {
  // patch: fix small upstream mistakes swagger2openapi knows about; warnOnly: the docker spec
  // has a few non-fatal oddities (e.g. bodies on GET) that must not abort conversion.
  // The typings model a callback overload we do not use; the promise form resolves to options
  // carrying the converted document.
  const convert = swagger2openapi.convertObj as unknown as (doc: unknown, o: object) => Promise<{ openapi: Record<string, unknown> }>;
  const result = await convert(swagger, { patch: true, warnOnly: true });
  return result.openapi;
}

export async function buildPatchedSpec(repoRoot: string, env = process.env): Promise<PatchedSpec> {
  const { pin, file, text } = await readPinnedSpec(repoRoot, env);
  const swagger = YAML.parse(text, { maxAliasCount: -1 });
  const oas3 = await convertToOpenApi3(swagger);
  const { overlay, sha } = await loadOverlay(repoRoot);
  const transport = await loadOverlay(repoRoot, TRANSPORT_OVERLAY_FILE);
  const document = applyOverlay(applyOverlay(oas3, overlay), transport.overlay);
  return { document, original: oas3, pin, specFile: file, overlay, overlaySha256: sha, transportSha256: transport.sha };
}
