// The labelled TSV files `trustlens eval …` and the eval scripts read: "#" comment lines, a header
// row naming the columns, then one mention per line. Each kind of label has its own columns; a
// mention's optional `lang` and `kind` read the same way for all of them.
import { MENTION_KINDS, type MentionKind } from '../core/types.js';

export interface LabelledLine { /** 1-based, as an editor counts. */ n: number; cells: string[] }
export interface LabelledLines {
  /** The header's column names, trimmed and lower-cased. */
  header: string[];
  /** The non-empty lines after the header. */
  lines: LabelledLine[];
}

export function labelledLines(content: string): LabelledLines {
  const all = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let h = 0;
  while (h < all.length && all[h]!.startsWith('#')) h++;
  const header = (all[h] ?? '').split('\t').map((x) => x.trim().toLowerCase());
  const lines: LabelledLine[] = [];
  for (let i = h + 1; i < all.length; i++) if (all[i]!.trim()) lines.push({ n: i + 1, cells: all[i]!.split('\t') });
  return { header, lines };
}

/** The trimmed cell of a line in column `i` ('' when the column or the cell is missing). */
export function cell(line: LabelledLine, i: number): string {
  return i >= 0 ? (line.cells[i] ?? '').trim() : '';
}

/**
 * A line's optional language (lower-cased) and kind; undefined, with the reason added to
 * `skipped`, for a kind TrustLens does not know.
 */
export function langAndKind(t: LabelledLines, line: LabelledLine, skipped: string[]): { lang?: string; kind?: MentionKind } | undefined {
  const lang = cell(line, t.header.indexOf('lang')).toLowerCase();
  const kind = cell(line, t.header.indexOf('kind'));
  if (kind && !(MENTION_KINDS as readonly string[]).includes(kind)) {
    skipped.push(`line ${line.n}: unknown kind "${kind}" (known: ${MENTION_KINDS.join(', ')})`);
    return undefined;
  }
  return { ...(lang ? { lang } : {}), ...(kind ? { kind: kind as MentionKind } : {}) };
}
