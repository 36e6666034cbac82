// Parsing of `timestamp,value` series files (the Numenta Anomaly Benchmark format), one line at a
// time so files of any size stream. Pure: the caller owns the file handles.

export interface SeriesRow {
  t: number;
  /** The timestamp as written, echoed back in the results file. */
  timestamp: string;
  value: number;
}

export type ParsedLine =
  | { kind: 'row'; row: SeriesRow }
  | { kind: 'header' }
  | { kind: 'blank' }
  | { kind: 'error'; message: string };

/**
 * Timestamps: "2014-04-01 00:00:00" (NAB, read as UTC), ISO-8601 with or without zone, or epoch
 * seconds / milliseconds. Returns NaN when unreadable.
 */
export function parseTimestamp(s: string): number {
  const v = s.trim().replace(/^"|"$/g, '');
  if (/^\d{9,13}(\.\d+)?$/.test(v)) {
    const x = Number(v);
    return v.split('.')[0].length <= 10 ? x * 1000 : x;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (m) return Date.parse(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`);
  return NaN;
}

/** Parses one line; `lineNo` is 1-based and only used in messages. */
export function parseSeriesLine(line: string, lineNo: number): ParsedLine {
  const text = line.replace(/\r$/, '');
  if (text.trim() === '') return { kind: 'blank' };
  const cells = text.split(',');
  if (lineNo === 1 && !Number.isFinite(parseTimestamp(cells[0] ?? ''))) return { kind: 'header' };
  if (cells.length < 2) return { kind: 'error', message: `line ${lineNo}: expected "timestamp,value", got ${quote(text)}` };
  const t = parseTimestamp(cells[0]);
  if (!Number.isFinite(t)) return { kind: 'error', message: `line ${lineNo}: unreadable timestamp ${quote(cells[0])}` };
  const raw = cells[1].trim().replace(/^"|"$/g, '');
  const value = raw === '' || /^nan$/i.test(raw) ? NaN : Number(raw);
  if (raw !== '' && !/^nan$/i.test(raw) && !Number.isFinite(value)) {
    return { kind: 'error', message: `line ${lineNo}: value is not a number: ${quote(cells[1])}` };
  }
  return { kind: 'row', row: { t, timestamp: cells[0].trim(), value } };
}

function quote(s: string): string {
  const cut = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  return JSON.stringify(cut);
}
