/** One erratum of spec/errata.overlay.yaml, as generated/errata.ts lists them. */
export interface ErratumRow {
  /** The `x-erratum` id shared by the erratum's actions. */
  id: string;
  description: string;
  /** The test that shows the real daemon doing it (`x-evidence`). */
  evidence: string;
  /** JSON pointers into a response body where the upstream spec rejects the daemon (`x-instance`). */
  instances: string[];
  /** Property names the erratum's actions patch. */
  fields: string[];
}
