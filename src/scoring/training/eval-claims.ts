// Cross-validated F1 of environmental-claim detection (5 stratified folds, seeded):
//   npm run eval:claims
// Data: Stammbach et al. 2023, "Environmental Claim Detection", training split (../shared/data/claims).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledTsv } from '../classifier-data.js';
import { binaryMetrics } from '../classifier-metrics.js';
import { CLAIM_THRESHOLD, crossValidateClaims } from '../claims-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataPath = resolve(here, '../../..', process.env.TRUSTLENS_DATA_DIR ?? '../shared/data', 'claims/env_claims_train.tsv');
const folds = Number(process.argv[2] ?? 5);
const { rows } = parseLabelledTsv(readFileSync(dataPath, 'utf8'));
const r = crossValidateClaims(rows, folds);
const at50 = binaryMetrics(rows.map((x) => x.label), r.scores, 0.5);
console.log(`environmental claims (Stammbach et al. 2023), ${rows.length} sentences, ${folds}-fold CV:`);
console.log(`  threshold ${CLAIM_THRESHOLD}: F1 ${r.f1.toFixed(4)}  precision ${r.precision.toFixed(4)}  recall ${r.recall.toFixed(4)}  accuracy ${r.accuracy.toFixed(4)}  AUC ${r.auc.toFixed(4)}`);
console.log(`  threshold 0.50: F1 ${at50.f1.toFixed(4)}`);
console.log(`  per fold F1: ${r.folds.map((f) => f.f1.toFixed(3)).join(' ')}`);
