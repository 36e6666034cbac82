// Scoring of 0/1 detections against labelled anomaly windows, two ways:
//
// 1. Window precision / recall (what a PR team feels):
//    - a window is DETECTED when at least one label=1 point falls inside it (recall = detected / windows);
//    - a FALSE-POSITIVE EPISODE is a maximal group of label=1 points outside every window, where points
//      less than `fpGapMs` apart (default 24 h) belong to the same episode, so a detector that
//      fires every point of one wrong bump pays once, as a person reading the alerts would count it;
//    - precision = detected windows / (detected windows + FP episodes).
//
// 2. The NAB score (Lavin & Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms — the
//    Numenta Anomaly Benchmark"), standard profile: each window earns the scaled-sigmoid weight of
//    its EARLIEST detection (≈ +1 at the window start, 0 at its end), each missed window costs 1,
//    each detection outside windows costs 0.11 × a sigmoid of its distance after the preceding
//    window (−1 when far away or before any window). Detections in the probationary period
//    (first 15 % of the file, at most 750 points) are ignored. Normalised so that the null detector
//    (never fires) scores 0 and the perfect one (fires at each window start) scores 100.

export interface Window {
  start: number;
  end: number;
}

export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const NAB_STANDARD: NabProfile = { tp: 1.0, fp: 0.11, fn: 1.0 };

export interface WindowCounts {
  windows: number;
  detected: number;
  fpEpisodes: number;
  fpPoints: number;
  /** Detections (label=1 points) in total. */
  detections: number;
}

export function windowCounts(times: readonly number[], labels: readonly number[], windows: readonly Window[], fpGapMs = 24 * 3_600_000): WindowCounts {
  const hit = new Array<boolean>(windows.length).fill(false);
  let fpEpisodes = 0;
  let fpPoints = 0;
  let detections = 0;
  let lastFp = -Infinity;
  for (let i = 0; i < times.length; i++) {
    if (labels[i] !== 1) continue;
    detections++;
    const t = times[i];
    const w = windows.findIndex((x) => t >= x.start && t <= x.end);
    if (w >= 0) { hit[w] = true; continue; }
    fpPoints++;
    if (t - lastFp >= fpGapMs) fpEpisodes++;
    lastFp = t;
  }
  return { windows: windows.length, detected: hit.filter(Boolean).length, fpEpisodes, fpPoints, detections };
}

export function precisionRecall(c: Pick<WindowCounts, 'windows' | 'detected' | 'fpEpisodes'>): { precision: number; recall: number; f1: number } {
  const precision = c.detected + c.fpEpisodes === 0 ? 1 : c.detected / (c.detected + c.fpEpisodes);
  const recall = c.windows === 0 ? 1 : c.detected / c.windows;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationLength(n: number): number {
  return Math.min(Math.floor(0.15 * n), Math.floor(0.15 * 5000));
}

export interface NabFileScore {
  raw: number;
  nullRaw: number;
  perfectRaw: number;
  tpScore: number;
  fpScore: number;
  missed: number;
}

/** Raw NAB score of one file; sum the parts across files and normalise with `nabNormalise`. */
export function nabFileScore(times: readonly number[], labels: readonly number[], windows: readonly Window[], profile: NabProfile = NAB_STANDARD): NabFileScore {
  // Windows as index ranges, the way NAB does it (by row, not by time).
  const idx = windows.map((w) => {
    let l = -1;
    let r = -1;
    for (let i = 0; i < times.length; i++) {
      if (times[i] >= w.start && times[i] <= w.end) { if (l < 0) l = i; r = i; }
    }
    return { l, r };
  }).filter((w) => w.l >= 0);
  const probation = probationLength(times.length);
  const best = new Array<number>(idx.length).fill(-Infinity);
  let fpScore = 0;
  for (let i = probation; i < times.length; i++) {
    if (labels[i] !== 1) continue;
    const w = idx.findIndex((x) => i >= x.l && i <= x.r);
    if (w >= 0) {
      const width = idx[w].r - idx[w].l + 1;
      const pos = -(idx[w].r - i + 1) / width;
      best[w] = Math.max(best[w], scaledSigmoid(pos) * profile.tp);
      continue;
    }
    // Distance after the most recent window that ended before i.
    let prev: { l: number; r: number } | undefined;
    for (const x of idx) if (x.r < i && (!prev || x.r > prev.r)) prev = x;
    const unweighted = prev ? scaledSigmoid(Math.abs(prev.r - i) / Math.max(prev.r - prev.l, 1)) : -1;
    fpScore += unweighted * profile.fp;
  }
  let tpScore = 0;
  let missed = 0;
  for (const b of best) {
    if (b === -Infinity) missed++;
    else tpScore += b;
  }
  const raw = tpScore + fpScore - missed * profile.fn;
  const nullRaw = -idx.length * profile.fn;
  const perfectRaw = idx.length * scaledSigmoid(-1) * profile.tp;
  return { raw, nullRaw, perfectRaw, tpScore, fpScore, missed };
}

export function nabNormalise(parts: readonly Pick<NabFileScore, 'raw' | 'nullRaw' | 'perfectRaw'>[]): number {
  let raw = 0;
  let nul = 0;
  let perfect = 0;
  for (const p of parts) { raw += p.raw; nul += p.nullRaw; perfect += p.perfectRaw; }
  return perfect === nul ? 0 : (100 * (raw - nul)) / (perfect - nul);
}
