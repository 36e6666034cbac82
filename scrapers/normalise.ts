// Small normalisers every source kind shares: HTML → text, counts ("1.2K"), dates, ratings, ids.
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import type { Author, Rating } from '../src/core/types.js';

const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'tr', 'section', 'article', 'header', 'footer', 'pre', 'hr']);
const SKIP = new Set(['script', 'style', 'noscript', 'template']);

/** An htmlparser2 pass that collects visible text: blocks on their own lines, scripts skipped. */
function textCollector(): { parser: Parser; take(): string } {
  let out = '';
  let skipping = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIP.has(name)) skipping++;
        else if (BLOCK.has(name)) out += '\n';
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping--;
        else if (BLOCK.has(name)) out += '\n';
      },
      ontext(text) {
        if (!skipping) out += text;
      },
      onreset() {
        out = '';
        skipping = 0;
      },
    },
    { decodeEntities: true },
  );
  return {
    parser,
    take() {
      const t = out;
      out = '';
      return t;
    },
  };
}

// One reusable collector for htmlToText (creating a Parser per call dominated feed parsing).
const shared = textCollector();
let sharedBusy = false;

/** Visible text of an HTML fragment: entities decoded, blocks on their own lines, whitespace tidied. */
export function htmlToText(html: string): string {
  if (!html.includes('<') && !/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(html)) return tidy(html);
  // Re-entered from a parser callback (never in practice): use a collector of its own.
  const c = sharedBusy ? textCollector() : shared;
  const own = c !== shared;
  if (!own) sharedBusy = true;
  try {
    c.parser.reset();
    c.parser.end(html);
    return tidy(c.take());
  } finally {
    if (!own) {
      sharedBusy = false;
      c.take();
    }
  }
}

/** Collapses runs of spaces inside lines and blank lines, trims. */
export function tidy(s: string): string {
  if (!/[\r\n\t\f\v\u00a0]| {2}/.test(s)) return s.trim();
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** "1,234", "1.2K", "3.4M", "12 likes" → number; undefined when no number is there. */
export function parseCount(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = /(\d[\d,.\s]*)\s*([kmb])?/i.exec(raw.replace(/\u00a0/g, ' '));
  if (!m) return undefined;
  let digits = m[1].replace(/\s/g, '');
  const suffix = m[2]?.toLowerCase();
  // "1,234" and "1.234" are thousands separators unless followed by a K/M/B suffix ("1,2K" = 1.2K).
  if (suffix) digits = digits.replace(',', '.').replace(/[.,](?=.*[.,])/g, '');
  else digits = /^\d{1,3}([.,]\d{3})+$/.test(digits) ? digits.replace(/[.,]/g, '') : digits.replace(',', '.');
  const n = Number.parseFloat(digits);
  if (!Number.isFinite(n)) return undefined;
  const mult = suffix === 'k' ? 1e3 : suffix === 'm' ? 1e6 : suffix === 'b' ? 1e9 : 1;
  return Math.round(n * mult);
}

/** A rating on its own scale, normalised to 0..1. Values outside the scale are rejected. */
export function makeRating(value: unknown, best: unknown = 5, worst: unknown = 1): Rating | undefined {
  const v = toNumber(value);
  let b = toNumber(best) ?? 5;
  let w = toNumber(worst) ?? (b <= 1 ? 0 : 1);
  if (v === undefined) return undefined;
  if (b === w) return undefined;
  if (w > b) [b, w] = [w, b];
  // Scales that start at 0 are common (0..10, 0..100); a value below "worst" means the worst was 0.
  if (v < w && v >= 0) w = 0;
  if (v > b || v < w) return undefined;
  return { value: v, best: b, worst: w, normalized: round((v - w) / (b - w)) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = /-?\d+(?:[.,]\d+)?/.exec(raw);
  return m ? Number(m[0].replace(',', '.')) : undefined;
}

/** Any reasonable date string or epoch → ISO; undefined when unreadable. */
export function toIso(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let d: Date;
  if (typeof raw === 'number') d = new Date(raw < 1e12 ? raw * 1000 : raw);
  else if (typeof raw === 'string') {
    const s = raw.trim();
    if (/^\d{9,13}$/.test(s)) return toIso(Number(s));
    d = new Date(s);
  } else return undefined;
  const t = d.getTime();
  if (Number.isNaN(t) || t < Date.UTC(1995, 0, 1) || t > Date.now() + 366 * 86400_000) return undefined;
  return d.toISOString();
}

export function hashId(...parts: (string | undefined)[]): string {
  return `h:${createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 24)}`;
}

/** Keeps only the author fields that are set. */
export function cleanAuthor(a: Author): Author | undefined {
  const out: Author = {};
  if (a.name && a.name.trim()) out.name = tidy(a.name);
  if (a.handle && a.handle.trim()) out.handle = a.handle.trim();
  if (a.followers !== undefined && Number.isFinite(a.followers)) out.followers = a.followers;
  if (a.reviewCount !== undefined && Number.isFinite(a.reviewCount)) out.reviewCount = a.reviewCount;
  return Object.keys(out).length ? out : undefined;
}

/** Drops undefined fields so JSON lines and equality checks stay clean. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    const v = o[k];
    if (v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)) delete o[k];
  }
  return o;
}

/** Resolves a possibly relative link against the page URL; undefined when it is not http(s). */
export function absUrl(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Google Alerts (and some aggregators) wrap links in a redirect: return the real target. */
export function unwrapRedirect(link: string | undefined): string | undefined {
  if (!link) return link;
  try {
    const u = new URL(link);
    if (/(^|\.)google\.[a-z.]+$/.test(u.hostname) && u.pathname === '/url') return u.searchParams.get('url') ?? u.searchParams.get('q') ?? link;
  } catch {
    /* not a URL: keep */
  }
  return link;
}
