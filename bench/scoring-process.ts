// A scoring process on its own, for the RSS figure of bench/scoring-full.bench.ts: scores the
// mentions (JSON lines on stdin) as a worker would (one brand, its near-duplicate index, a third
// of them reviews) and prints its peak RSS in MB. Run by the bench as a child process, so the
// bench's own data and vader-sentiment are not counted.
import { createInterface } from 'node:readline';
import { scoreMention } from '../src/scoring/score.js';
import { DuplicateIndex } from '../src/scoring/minhash.js';
import type { RawMention } from '../src/core/types.js';
import { BENCH_BRAND } from './bench-brand.js';

const brand = BENCH_BRAND;
const duplicates = new DuplicateIndex();
let n = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (!line) continue;
  scoreMention(JSON.parse(line) as RawMention, { brand, duplicates });
  n++;
}
// maxRSS is in kilobytes.
console.log(JSON.stringify({ mentions: n, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
