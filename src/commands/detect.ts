// `trustlens detect --csv series.csv [--out out.csv] [--sensitivity X]`: runs the volume-spike
// detector over any `timestamp,value` file and writes the Numenta Anomaly Benchmark results format
// `timestamp,value,anomaly_score,label`, where label is the detector's own 0/1 decision (the point
// an alert would fire) at its default threshold. Streams line by line; causal like production.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors.js';
import { createSpikeDetector, type SpikeDirection } from '../detect/spike.js';
import { parseSeriesLine } from '../detect/series-csv.js';

export interface DetectCsvOptions {
  csv: string;
  out?: string;
  sensitivity?: number;
  direction?: SpikeDirection;
  /** Skip malformed rows (reported on stderr) instead of stopping at the first one. */
  skipBad?: boolean;
}

export interface DetectCsvSummary {
  rows: number;
  anomalies: number;
  skipped: string[];
}

export async function detectCsv(o: DetectCsvOptions, stderr: Writable = process.stderr): Promise<DetectCsvSummary> {
  try {
    if (!statSync(o.csv).isFile()) throw new Error('not a file');
  } catch {
    throw new ValidationError(`cannot read ${o.csv}: no such file`);
  }
  const det = createSpikeDetector({ sensitivity: o.sensitivity, direction: o.direction });
  const out: Writable = o.out ? createWriteStream(o.out) : process.stdout;
  const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
  const input = createReadStream(o.csv, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const summary: DetectCsvSummary = { rows: 0, anomalies: 0, skipped: [] };
  let lineNo = 0;
  let lastT = -Infinity;
  try {
    await write('timestamp,value,anomaly_score,label\n');
    for await (const line of lines) {
      lineNo++;
      const p = parseSeriesLine(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line, lineNo);
      let problem: string | undefined;
      if (p.kind === 'error') problem = p.message;
      else if (p.kind === 'row' && p.row.t < lastT) problem = `line ${lineNo}: timestamp ${p.row.timestamp} is earlier than the row before (rows must be in time order)`;
      if (problem) {
        if (!o.skipBad) throw new ValidationError(`${o.csv}: ${problem}`);
        summary.skipped.push(problem);
        stderr.write(`trustlens: skipped ${problem}\n`);
        continue;
      }
      if (p.kind !== 'row') continue;
      lastT = p.row.t;
      const r = det.push(p.row.t, p.row.value);
      summary.rows++;
      if (r.anomaly) summary.anomalies++;
      const value = Number.isFinite(p.row.value) ? String(p.row.value) : '';
      await write(`${p.row.timestamp},${value},${r.score.toFixed(6)},${r.anomaly ? 1 : 0}\n`);
    }
    if (summary.rows === 0) throw new ValidationError(`${o.csv}: no data rows (expected "timestamp,value" lines)`);
  } finally {
    lines.close();
    input.destroy();
    if (o.out) { (out as NodeJS.WritableStream).end(); await once(out, 'close').catch(() => undefined); }
  }
  return summary;
}

export function register(program: Command): void {
  program
    .command('detect')
    .description('run the volume-spike detector on a timestamp,value CSV; writes timestamp,value,anomaly_score,label (NAB format)')
    .requiredOption('--csv <file>', 'input series, "timestamp,value" with a header row')
    .option('--out <file>', 'results file (default: stdout)')
    .option('--sensitivity <x>', 'sensitivity multiplier (1 = default, >1 flags smaller deviations)', parseSensitivity)
    .option('--direction <d>', 'which deviations count: up, down or both', parseDirection, 'both')
    .option('--skip-bad', 'skip malformed rows (reported on stderr) instead of stopping')
    .action(async (opts: { csv: string; out?: string; sensitivity?: number; direction: SpikeDirection; skipBad?: boolean }) => {
      const s = await detectCsv(opts);
      if (opts.out) {
        process.stderr.write(`trustlens: ${s.rows} rows, ${s.anomalies} anomalies → ${opts.out}${s.skipped.length ? `, ${s.skipped.length} rows skipped` : ''}\n`);
      }
    });
}

function parseSensitivity(v: string): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new ValidationError(`--sensitivity must be a positive number, got "${v}"`);
  return x;
}

function parseDirection(v: string): SpikeDirection {
  if (v !== 'up' && v !== 'down' && v !== 'both') throw new ValidationError(`--direction must be up, down or both, got "${v}"`);
  return v;
}
