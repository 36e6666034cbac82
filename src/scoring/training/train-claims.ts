// Trains the shipped environmental-claim detector: src/scoring/model/claims.json.
//   npm run train:claims   (reads ../shared/data/claims/env_claims_train.tsv)
// Data: Stammbach et al. 2023, "Environmental Claim Detection" (training split). Seeded and
// reproducible. The cross-validated F1 of this recipe is printed by `npm run eval:claims`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledTsv } from '../classifier-data.js';
import { CLAIM_THRESHOLD, trainClaimClassifier } from '../claims-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataPath = resolve(here, '../../..', process.env.TRUSTLENS_DATA_DIR ?? '../shared/data', 'claims/env_claims_train.tsv');
const outPath = resolve(here, '../model/claims.json');

const { rows } = parseLabelledTsv(readFileSync(dataPath, 'utf8'));
const t0 = performance.now();
const model = trainClaimClassifier(rows, {
  name: 'shipped:env-claims-stammbach-2023',
  langs: ['en'],
  data: 'Stammbach et al. 2023, claims/env_claims_train.tsv',
  threshold: CLAIM_THRESHOLD,
});
// Pruning at 0.01 keeps the file small; CV figures below are for the unpruned recipe, and the
// difference is checked by eval-claims.ts.
writeFileSync(outPath, JSON.stringify(model.toJSON(0.01)) + '\n');
console.log(`claims model: trained on ${rows.length} rows in ${(performance.now() - t0).toFixed(0)} ms → ${outPath}`);
