/**
 * Prints where each CPU profile spent its time (cpuprofile-summary.ts): self time by place, then
 * the top functions. For the profiles `small-requests.ts --cpu-prof DIR` leaves.
 *
 *   npx tsx tools/bench/cpuprofile-top.ts DIR/docktape-record.cpuprofile [more.cpuprofile] [--top 25]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { selfTimeByFunction, selfTimeByPlace, type CpuProfile, type SelfTime } from './cpuprofile-summary.js';

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });
if (positionals.length === 0) throw new Error('usage: cpuprofile-top.ts FILE.cpuprofile [...] [--top N]');
const row = (s: SelfTime) => `${s.ms.toFixed(0).padStart(8)} ms ${Number.isFinite(s.share) ? `${(s.share * 100).toFixed(1).padStart(5)} %` : '      -'}  ${s.name}`;

for (const file of positionals) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  console.log(`\n== ${path.basename(file)}: self time by place (share of non-idle time)`);
  for (const s of selfTimeByPlace(profile).slice(0, 15)) console.log(row(s));
  console.log(`\n== ${path.basename(file)}: top ${values.top} functions by self time`);
  for (const s of selfTimeByFunction(profile).slice(0, Number(values.top))) console.log(row(s));
}
