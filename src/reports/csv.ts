// CSV output for report tables (RFC 4180): cells with a comma, quote or line break are quoted and
// quotes doubled; cells a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
// leading single quote, because scraped text and names are hostile input (OWASP "CSV injection").
// Numbers are written as numbers, so a negative sentiment stays -0.25, not '-0.25.

export type Cell = string | number | boolean | null | undefined;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
