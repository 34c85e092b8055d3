/**
 * Makes docker CLI output from two runs comparable: container ids, names, times, addresses
 * and process ids differ between runs; everything else must be the same.
 */
export function normalizeCliOutput(text: string, names: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(names)) out = out.split(from).join(to);
  return out
    .replace(/\b[0-9a-f]{64}\b/g, '<id>')
    .replace(/\b[0-9a-f]{12}\b/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?/g, '<time>')
    .replace(/(About a minute|About an hour|Less than a second|An? (minute|hour)|\d+ (seconds?|minutes?|hours?)) ago/g, '<ago>')
    .replace(/Up (About a minute|Less than a second|\d+ (seconds?|minutes?))( \(Paused\))?/g, 'Up <duration>$3')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, '<ip>')
    .replace(/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g, '<mac>')
    .replace(/"(Pid|SandboxKey|Size\w*)": ("[^"]*"|\d+)/g, '"$1": <n>')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
