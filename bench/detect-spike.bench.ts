// Spike detector throughput (points/s) on the NAB series concatenated and on a 1M-point synthetic
// hourly series, with window precision/recall and the NAB score on ../shared/data/timeseries
// (Numenta Anomaly Benchmark, MIT licence). Peer: a plain rolling z-score (mean/std of the last
// 288 points), the usual baseline, for both speed and accuracy.
//   npx tsx bench/detect-spike.bench.ts
import { createSpikeDetector } from '../src/detect/spike.js';
import { evaluateNab, loadNab, type LoadedSeries } from '../src/detect/eval-nab.js';
import { nabFileScore, nabNormalise, precisionRecall, windowCounts } from '../src/detect/nab-score.js';

const REPS = 5;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

function rollingZ(times: number[], values: number[], win = 288, zT = 4, rearmMs = 12 * 3_600_000): number[] {
  const labels = new Array<number>(values.length).fill(0);
  let sum = 0, sq = 0, last = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const n = Math.min(i, win);
    if (n >= 30) {
      const m = sum / n;
      const sd = Math.sqrt(Math.max(sq / n - m * m, 1e-12));
      if (Math.abs(values[i] - m) / sd >= zT) { if (times[i] - last > rearmMs) labels[i] = 1; last = times[i]; }
    }
    sum += values[i]; sq += values[i] * values[i];
    if (i >= win) { sum -= values[i - win]; sq -= values[i - win] ** 2; }
  }
  return labels;
}

function pointsPerSec(times: number[], values: number[], f: (t: number[], v: number[]) => void): number {
  const runs: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    f(times, values);
    runs.push(values.length / ((performance.now() - t0) / 1000));
  }
  return median(runs);
}

const ours = (t: number[], v: number[]) => { const d = createSpikeDetector(); for (let i = 0; i < t.length; i++) d.push(t[i], v[i]); };
const peer = (t: number[], v: number[]) => { rollingZ(t, v); };

const data: LoadedSeries[] = loadNab();
// Concatenate NAB series on one clock (each shifted to follow the previous one).
const ct: number[] = [];
const cv: number[] = [];
let offset = 0;
for (const s of data) {
  const shift = offset - s.times[0];
  for (let i = 0; i < s.times.length; i++) { ct.push(s.times[i] + shift); cv.push(s.values[i]); }
  offset = ct[ct.length - 1] + 3_600_000;
}
const st: number[] = [];
const sv: number[] = [];
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
for (let i = 0; i < 1_000_000; i++) {
  const t = Date.UTC(2020, 0, 1) + i * 3_600_000;
  const h = (i % 24);
  st.push(t);
  sv.push(Math.round(20 + 15 * Math.sin((h / 24) * 2 * Math.PI) + 4 * rnd() + (i % 5000 === 4999 ? 60 : 0)));
}

const nabOurs = pointsPerSec(ct, cv, ours);
const nabPeer = pointsPerSec(ct, cv, peer);
const synOurs = pointsPerSec(st, sv, ours);
const synPeer = pointsPerSec(st, sv, peer);
const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M points/s`;
console.log(`throughput (median of ${REPS}):`);
console.log(`  NAB concatenated (${ct.length} points): trustlens ${fmt(nabOurs)}, rolling z-score ${fmt(nabPeer)} (ratio ${(nabOurs / nabPeer).toFixed(2)})`);
console.log(`  synthetic hourly (${st.length} points): trustlens ${fmt(synOurs)}, rolling z-score ${fmt(synPeer)} (ratio ${(synOurs / synPeer).toFixed(2)})`);

const ev = evaluateNab(data).overall;
const peerParts = data.map((s) => { const l = rollingZ(s.times, s.values); return { c: windowCounts(s.times, l, s.windows), nab: nabFileScore(s.times, l, s.windows) }; });
const pc = peerParts.reduce((a, p) => ({ windows: a.windows + p.c.windows, detected: a.detected + p.c.detected, fpEpisodes: a.fpEpisodes + p.c.fpEpisodes }), { windows: 0, detected: 0, fpEpisodes: 0 });
const ppr = precisionRecall(pc);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
console.log(`accuracy on ../shared/data/timeseries (26 NAB series, ${ev.windows} windows; deterministic):`);
console.log(`  trustlens:        precision ${pct(ev.precision)}, recall ${pct(ev.recall)}, F1 ${ev.f1.toFixed(2)}, FP episodes ${ev.fpEpisodes}, NAB standard ${ev.nabScore.toFixed(1)}`);
console.log(`  rolling z-score:  precision ${pct(ppr.precision)}, recall ${pct(ppr.recall)}, F1 ${ppr.f1.toFixed(2)}, FP episodes ${pc.fpEpisodes}, NAB standard ${nabNormalise(peerParts.map((p) => p.nab)).toFixed(1)}`);
