// Evaluates the spike detector on the NAB series in ../shared/data/timeseries (Numenta Anomaly
// Benchmark, MIT licence; read in place, never copied): per series and overall window
// precision / recall and the NAB standard-profile score. See nab-score.ts for the definitions.
//
//   npx tsx src/detect/eval-nab.ts [--dir DIR] [--sensitivity X] [--z Z] [--rearm-hours H] [--set key=value] [--json]
//   npm run eval:detect
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSpikeDetector, type SpikeOptions } from './spike.js';
import { parseSeriesLine, parseTimestamp } from './series-csv.js';
import { nabFileScore, nabNormalise, precisionRecall, windowCounts, type NabFileScore, type Window, type WindowCounts } from './nab-score.js';

export const DEFAULT_NAB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/timeseries');

export interface SeriesResult extends WindowCounts {
  name: string;
  points: number;
  nab: NabFileScore;
  precision: number;
  recall: number;
}

export interface NabEvaluation {
  series: SeriesResult[];
  overall: WindowCounts & { precision: number; recall: number; f1: number; nabScore: number; points: number };
}

export interface LoadedSeries {
  name: string;
  times: number[];
  values: number[];
  windows: Window[];
}

export function loadNab(dir = DEFAULT_NAB_DIR): LoadedSeries[] {
  const windowsJson = JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const out: LoadedSeries[] = [];
  for (const sub of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(dir, sub)).filter((f) => f.endsWith('.csv')).sort()) {
      const name = `${sub}/${file}`;
      const lines = readFileSync(join(dir, sub, file), 'utf8').split('\n');
      const times: number[] = [];
      const values: number[] = [];
      lines.forEach((line, i) => {
        const p = parseSeriesLine(line, i + 1);
        if (p.kind === 'row') { times.push(p.row.t); values.push(p.row.value); }
        else if (p.kind === 'error') throw new Error(`${name}: ${p.message}`);
      });
      const windows = (windowsJson[name] ?? []).map(([a, b]) => ({ start: parseTimestamp(a), end: parseTimestamp(b) }));
      out.push({ name, times, values, windows });
    }
  }
  return out;
}

export function runDetector(s: LoadedSeries, opts: SpikeOptions = {}): { labels: number[]; scores: number[] } {
  const det = createSpikeDetector(opts);
  const labels: number[] = new Array(s.times.length);
  const scores: number[] = new Array(s.times.length);
  for (let i = 0; i < s.times.length; i++) {
    const r = det.push(s.times[i], s.values[i]);
    labels[i] = r.anomaly ? 1 : 0;
    scores[i] = r.score;
  }
  return { labels, scores };
}

export function evaluateNab(data: LoadedSeries[], opts: SpikeOptions = {}): NabEvaluation {
  const series: SeriesResult[] = [];
  for (const s of data) {
    const { labels } = runDetector(s, opts);
    const c = windowCounts(s.times, labels, s.windows);
    const nab = nabFileScore(s.times, labels, s.windows);
    series.push({ name: s.name, points: s.times.length, ...c, nab, ...precisionRecall(c) });
  }
  const sum = (k: keyof WindowCounts) => series.reduce((a, r) => a + r[k], 0);
  const totals: WindowCounts = { windows: sum('windows'), detected: sum('detected'), fpEpisodes: sum('fpEpisodes'), fpPoints: sum('fpPoints'), detections: sum('detections') };
  return {
    series,
    overall: { ...totals, ...precisionRecall(totals), nabScore: nabNormalise(series.map((r) => r.nab)), points: series.reduce((a, r) => a + r.points, 0) },
  };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: string[]): void {
  const dir = arg(argv, '--dir') ?? DEFAULT_NAB_DIR;
  const num = (name: string) => { const v = arg(argv, name); return v === undefined ? undefined : Number(v); };
  const opts: SpikeOptions = {
    sensitivity: num('--sensitivity'),
    zThreshold: num('--z'),
    rearmMs: num('--rearm-hours') === undefined ? undefined : num('--rearm-hours')! * 3_600_000,
    direction: arg(argv, '--direction') as SpikeOptions['direction'],
    period: arg(argv, '--period') as SpikeOptions['period'],
  };
  // --set key=value (repeatable) for any other numeric SpikeOptions field, e.g. --set tailFactor=1.5
  argv.forEach((a, i) => {
    if (a !== '--set') return;
    const [k, v] = (argv[i + 1] ?? '').split('=');
    (opts as Record<string, unknown>)[k] = Number(v);
  });
  const t0 = performance.now();
  const ev = evaluateNab(loadNab(dir), opts);
  const ms = performance.now() - t0;
  if (argv.includes('--json')) { console.log(JSON.stringify(ev, null, 2)); return; }
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`.padStart(5);
  console.log('series'.padEnd(52), 'points windows detected FPep  prec  rec   NABraw');
  for (const r of ev.series) {
    console.log(r.name.padEnd(52), String(r.points).padStart(6), String(r.windows).padStart(7), String(r.detected).padStart(8), String(r.fpEpisodes).padStart(4), pct(r.precision), pct(r.recall), r.nab.raw.toFixed(2).padStart(7));
  }
  const o = ev.overall;
  console.log(`\noverall: windows ${o.windows}, detected ${o.detected}, FP episodes ${o.fpEpisodes} (FP points ${o.fpPoints}), ` +
    `precision ${pct(o.precision).trim()}, recall ${pct(o.recall).trim()}, F1 ${o.f1.toFixed(2)}, ` +
    `NAB standard score ${o.nabScore.toFixed(1)} (null 0, perfect 100); ${o.points} points in ${ms.toFixed(0)} ms`);
  console.log('data: Numenta Anomaly Benchmark (Lavin & Ahmad 2015, MIT licence), 26 series in ../shared/data/timeseries');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
