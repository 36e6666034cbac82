// Parses a labelled TSV (header row; columns `text` and `label`, optional `rating`) into rows a
// classifier can train on. Pure: callers read the file. Bad rows are reported, not fatal.

export interface LabelledRow {
  text: string;
  label: 0 | 1;
  /** Star rating as given (any scale), when the file has a `rating` column. */
  rating?: number;
}

export interface ParsedTsv {
  rows: LabelledRow[];
  /** "line N: reason" for every skipped line. */
  skipped: string[];
}

const POSITIVE = new Set(['1', 'fake', 'true', 'yes', 'claim', 'cg', 'spam', 'deceptive']);
const NEGATIVE = new Set(['0', 'real', 'false', 'no', 'none', 'or', 'genuine', 'truthful', 'ham']);

/** Maps a label cell to 1 (positive class: fake / claim) or 0; undefined when unknown. */
export function parseLabel(cell: string): 0 | 1 | undefined {
  const v = cell.trim().toLowerCase();
  if (POSITIVE.has(v)) return 1;
  if (NEGATIVE.has(v)) return 0;
  return undefined;
}

export function parseLabelledTsv(content: string): ParsedTsv {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
  const ti = header.indexOf('text');
  const li = header.indexOf('label');
  const ri = header.indexOf('rating');
  if (ti < 0 || li < 0) {
    throw new Error(`expected a header row with "text" and "label" columns, got: ${header.join(', ') || '(empty)'}`);
  }
  const rows: LabelledRow[] = [];
  const skipped: string[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (!line.trim()) continue;
    const cells = line.split('\t');
    const label = parseLabel(cells[li] ?? '');
    const text = (cells[ti] ?? '').trim();
    if (label === undefined) { skipped.push(`line ${n + 1}: unknown label "${cells[li] ?? ''}"`); continue; }
    if (!text) { skipped.push(`line ${n + 1}: empty text`); continue; }
    const row: LabelledRow = { text, label };
    if (ri >= 0 && cells[ri] !== undefined && cells[ri]!.trim() !== '') {
      const r = Number(cells[ri]);
      if (Number.isFinite(r)) row.rating = r;
    }
    rows.push(row);
  }
  return { rows, skipped };
}
