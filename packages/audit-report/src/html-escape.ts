/**
 * Escaping for the HTML report. Every string that came from a recording (a URL, a message quoting
 * a body field, a file name) goes through `esc` before it reaches the page, in text and in
 * attribute values alike, so a recorded `<script>` or `"onload=` is shown, never run. Pure.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
