// A scoring process on its own, for the RSS figure of bench/scoring-full.bench.ts: scores the
// mentions (JSON lines on stdin) as a worker would (one brand, its near-duplicate index, a third
// of them reviews) and prints its peak RSS in MB. Run by the bench as a child process, so the
// bench's own data and vader-sentiment are not counted.
import { createInterface } from 'node:readline';
import { scoreMention } from '../src/scoring/score.js';
import { DuplicateIndex } from '../src/scoring/minhash.js';
import type { Brand, RawMention } from '../src/core/types.js';

const brand: Brand = {
  id: 'b', name: 'Lumina', mission: 'Clean, cruelty-free skincare for sensitive skin, made in Spain with recyclable packaging.',
  values: ['cruelty-free', 'sustainability'], claims: ['never tested on animals', 'vegan'], forbiddenClaims: ['cures acne'],
  keywords: ['lumina'], handles: ['@luminaskin'], competitors: [], languages: ['en', 'es'], sensitivity: 1, webhooks: [], createdAt: '', updatedAt: '',
};
const duplicates = new DuplicateIndex();
let n = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (!line) continue;
  scoreMention(JSON.parse(line) as RawMention, { brand, duplicates });
  n++;
}
// maxRSS is in kilobytes.
console.log(JSON.stringify({ mentions: n, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
