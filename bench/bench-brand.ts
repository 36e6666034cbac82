// The brand the scoring benches score for (a skincare brand with a mission, values, claims, a
// forbidden claim, keywords and a handle, so every scorer has work to do). Shared by
// scoring-full.bench.ts and the scoring process it starts (scoring-process.ts).
import type { Brand } from '../src/core/types.js';

export const BENCH_BRAND: Brand = {
  id: 'b', name: 'Lumina', mission: 'Clean, cruelty-free skincare for sensitive skin, made in Spain with recyclable packaging.',
  values: ['cruelty-free', 'sustainability'], claims: ['never tested on animals', 'vegan'], forbiddenClaims: ['cures acne'],
  keywords: ['lumina'], handles: ['@luminaskin'], competitors: [], languages: ['en', 'es'], sensitivity: 1, webhooks: [], createdAt: '', updatedAt: '',
};
