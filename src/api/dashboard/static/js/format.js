// Formatting for people: dates in the browser's time zone, percentages, compact numbers.

export const TZ = (() => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; } })();

const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const df = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const cf = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dtf.format(d);
}
export function day(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : df.format(d);
}
export function num(v) { return typeof v === 'number' && Number.isFinite(v) ? nf.format(v) : '–'; }
export function compact(v) { return typeof v === 'number' && Number.isFinite(v) ? cf.format(v) : '–'; }
export function pct(v, digits = 0) { return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '–'; }
export function signed(v, digits = 2) { return typeof v === 'number' && Number.isFinite(v) ? `${v > 0 ? '+' : ''}${v.toFixed(digits)}` : '–'; }

export function ago(iso, now = Date.now()) {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** "fake-review-wave" → "Fake review wave" */
export function label(s) {
  const t = String(s ?? '').replace(/[-_]/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
