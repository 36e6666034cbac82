// Dates as sites show them: a recipe's formats ("DD/MM/YYYY HH:mm", "MMM D, YYYY"), ISO and RFC
// strings, epochs, and relative forms ("3 hours ago", "yesterday"). Times without a zone are UTC.
import { toIso } from './normalise.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TOKEN = /YYYY|YY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|ss|A|a|Z/g;

const compiled = new Map<string, { re: RegExp; keys: string[] }>();

function compile(format: string): { re: RegExp; keys: string[] } {
  let hit = compiled.get(format);
  if (hit) return hit;
  const keys: string[] = [];
  let src = '';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    src += format.slice(last, m.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    const t = m[0];
    keys.push(t);
    src +=
      t === 'YYYY' ? '(\\d{4})' : t === 'YY' ? '(\\d{2})' : t === 'MMMM' || t === 'MMM' ? '([A-Za-z]{3,})\\.?' :
      t === 'A' || t === 'a' ? '([AaPp][Mm])' : t === 'Z' ? '(Z|[+-]\\d{2}:?\\d{2})' : t.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
    last = m.index! + t.length;
  }
  src += format.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  hit = { re: new RegExp(`^\\s*${src}\\s*$`), keys };
  compiled.set(format, hit);
  return hit;
}

export function parseWithFormat(value: string, format: string): string | undefined {
  const { re, keys } = compile(format);
  const m = re.exec(value);
  if (!m) return undefined;
  let y = 1970, mo = 0, d = 1, h = 0, mi = 0, s = 0, pm: boolean | undefined, offset = 0;
  keys.forEach((k, i) => {
    const v = m[i + 1];
    switch (k) {
      case 'YYYY': y = Number(v); break;
      case 'YY': y = 2000 + Number(v); break;
      case 'MMMM': case 'MMM': mo = MONTHS.indexOf(v.slice(0, 3).toLowerCase()); break;
      case 'MM': case 'M': mo = Number(v) - 1; break;
      case 'DD': case 'D': d = Number(v); break;
      case 'HH': case 'H': case 'hh': case 'h': h = Number(v); break;
      case 'mm': mi = Number(v); break;
      case 'ss': s = Number(v); break;
      case 'A': case 'a': pm = v.toLowerCase() === 'pm'; break;
      case 'Z': if (v !== 'Z') { const sign = v[0] === '-' ? -1 : 1; const hh = Number(v.slice(1, 3)); const mm = Number(v.slice(-2)); offset = sign * (hh * 60 + mm); } break;
    }
  });
  if (pm !== undefined) h = (h % 12) + (pm ? 12 : 0);
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, s) - offset * 60_000;
  return toIso(t);
}

const UNITS: Record<string, number> = { second: 1e3, sec: 1e3, s: 1e3, minute: 6e4, min: 6e4, m: 6e4, hour: 36e5, hr: 36e5, h: 36e5, day: 864e5, d: 864e5, week: 6048e5, w: 6048e5, month: 2592e6, mo: 2592e6, year: 31536e6, y: 31536e6 };

export function parseRelative(value: string, now = Date.now()): string | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'just now' || v === 'now') return new Date(now).toISOString();
  if (v === 'yesterday') return new Date(now - 864e5).toISOString();
  const m = /^(\d+|an?|one)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|months?|mo|years?|y)\s*(ago)?$/.exec(v);
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
  const unit = UNITS[m[2].replace(/s$/, '')] ?? UNITS[m[2]];
  return unit ? new Date(now - n * unit).toISOString() : undefined;
}

export function parseDate(value: string | undefined, formats: string[] = [], now = Date.now()): string | undefined {
  if (!value) return undefined;
  for (const f of formats) {
    const iso = parseWithFormat(value, f);
    if (iso) return iso;
  }
  return toIso(value) ?? parseRelative(value, now);
}
