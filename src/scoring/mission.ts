// Mission and claims: does a post fit what the brand stands for?
// - claims the post makes (claims.ts), plus environmental claims found by the trained detector;
// - 'contradicts-values': a claim asserting the opposite of what the brand declares
//   ("tested on animals" about a cruelty-free brand; "made in China" about a made-in-Spain one);
// - 'forbidden-claim': a brand's forbidden claim made in the post, matched on stems with a small
//   edit distance so inflections match ("cures acne" ~ "cured my acne"), unless negated;
// - 'off-mission': complaints that it "has nothing to do with the brand", or a substantial post
//   about the brand whose TF-IDF cosine with the mission + launch vocabulary is near zero.
import type { Brand, Launch, MissionMismatch, MissionScore } from '../core/types.js';
import { fold, memoSlot, tokenize, type Token } from './tokens.js';
import { STOPWORDS, levenshtein, stem, stemOf, tokensFor, tokensWithin, wordInfo, type PreparedTokens, type WordInfo } from './claims-text.js';
import { askedNotSaid, claimCanStartIn, evidenceSpan, extractClaims, extractClaimsInSpans, foldWithMap, medicalClaimsIn, negatedBefore, type Claim, type ClaimCategory } from './claims.js';
import { CLAIM_THRESHOLD, ENV_HINT, envClaimProbability } from './claims-model.js';
import { COMPLAINT_ALL, COMPLAINT_RE, ENV_BIT, complaintPossible, tokenGate, tokenGateOf } from './mission-gates.js';

export { COMPLAINT_SCAN_RE, ENV_WORDS, regexGates, tokenGate } from './mission-gates.js';

export interface MissionContext {
  brand?: Pick<Brand, 'name' | 'mission' | 'values' | 'claims' | 'forbiddenClaims' | 'keywords'>;
  launch?: Pick<Launch, 'name' | 'keywords' | 'products' | 'promises'>;
  lang?: string;
}

/** Below this cosine a substantial on-brand post is called off-mission. */
export const OFF_MISSION_COSINE = 0.05;
/** ...and only when it has at least this many content words (short posts say too little). */
export const OFF_MISSION_MIN_WORDS = 15;

// ---------------------------------------------------------------- vocabulary vectors

type Vec = Map<string, number>;

/** Content-word stems of a profile field (tokenized directly: the post's token memo stays put). */
function stems(text: string, lang?: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    const w = fold(t.kind === 'hashtag' ? t.norm.slice(1) : t.norm);
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    out.push(stem(w, lang));
  }
  return out;
}

interface Profile {
  vec: Vec;
  norm: number;
  idf: Map<string, number>;
  /** Weight of a post stem the profile never uses. */
  unseen: number;
  /** idf and vec of each profile stem in one lookup. */
  terms: Map<string, { idf: number; vec: number }>;
  /** Categories the brand asserts (from values, claims and mission). */
  categories: Set<ClaimCategory>;
  places: Set<string>;
  aboutRe: RegExp | null;
  forbidden: { claim: string; stems: string[]; idx: number[] }[];
  /** The distinct stems of all forbidden claims; `idx` above points into it. */
  forbiddenStems: string[];
  /**
   * The first forbidden claim that is a medicinal claim ("cures acne"), when the brand's own
   * claims and mission make none: every medicinal claim is then flagged ("healed my eczema").
   */
  medicalForbidden: string | null;
  /** What the profile makes of a post stem, once per stem (bounded): the stem's id in `stemFacts`. */
  stemIds: Map<string, number>;
  stemFacts: StemTable;
  /**
   * Names this profile's current stem ids (1 … MAX_TAG-1; a new one when stemIds starts again),
   * so a word record can keep its stem id as one small integer; 0: ids not kept on records.
   */
  tag: number;
}

/**
 * Post stems as a profile sees them, in arrays indexed by stem id (no object per stem to load
 * in the per-word loop, which is bound by memory loads).
 */
interface StemTable {
  /** For each forbidden stem, 1 when they match (stemsMatch is the costly part). */
  flags: Uint8Array[];
  /**
   * Bit k: the stem matches a stem of forbidden claim k (claims past the 30th all use bit 30, so
   * for them the bit only says "maybe"). A post whose words' masks have no bit set makes no
   * forbidden claim, and most posts are such.
   */
  mask: Int32Array;
  /** 1 when the profile uses the stem; then its idf and profile weight. */
  hasTerm: Uint8Array;
  idf: Float64Array;
  vec: Float64Array;
  /** The cosine pass that last counted this stem, and its count there. */
  pass: Float64Array;
  count: Int32Array;
}

function stemTable(n: number): StemTable {
  return { flags: [], mask: new Int32Array(n), hasTerm: new Uint8Array(n), idf: new Float64Array(n), vec: new Float64Array(n), pass: new Float64Array(n), count: new Int32Array(n) };
}

/** A stem table with room for ids below n, keeping t's entries. */
function grownTable(t: StemTable, n: number): StemTable {
  const g = stemTable(n);
  g.flags = t.flags;
  g.mask.set(t.mask); g.hasTerm.set(t.hasTerm); g.idf.set(t.idf); g.vec.set(t.vec); g.pass.set(t.pass); g.count.set(t.count);
  return g;
}

/** Stem ids a profile hands out before it starts again (between posts). */
const MAX_STEMS = 50_000;
const MAX_TAG = 1 << 14;
let nextTag = 1;
/** A tag never handed out before; 0 once they run out (then records keep no stem ids: correct, slower). */
function newTag(): number {
  return nextTag < MAX_TAG ? nextTag++ : 0;
}

// A profile depends only on the brand and launch, so it is built once per brand object (and
// launch object) and kept in a WeakMap: nothing to evict, gone with the brand. A snapshot of
// the fields it reads is compared on every use, so a brand edited in place gets a new profile.
type Snapshot = unknown[];
interface CacheEntry { snap: Snapshot; profile: Profile }
const NONE = {};
const profileCache = new WeakMap<object, WeakMap<object, CacheEntry>>();
const profileByContent = new Map<string, Profile>();

function pushField(out: unknown[], v: unknown): void {
  if (Array.isArray(v)) {
    out.push(v.length);
    for (const x of v) out.push(x);
  } else {
    out.push(-1, v);
  }
}

function snapshot(ctx: MissionContext): Snapshot {
  const b = ctx.brand;
  const l = ctx.launch;
  const out: unknown[] = [b?.name, b?.mission];
  pushField(out, b?.values);
  pushField(out, b?.claims);
  pushField(out, b?.forbiddenClaims);
  pushField(out, b?.keywords);
  out.push(l?.name);
  pushField(out, l?.keywords);
  pushField(out, l?.products);
  pushField(out, l?.promises);
  return out;
}

/** Where the same field of snapshot `s` starts at k and matches v: the index after it, or -1. */
function fieldMatches(s: Snapshot, k: number, v: unknown): number {
  if (Array.isArray(v)) {
    if (s[k] !== v.length) return -1;
    k++;
    for (let j = 0; j < v.length; j++, k++) if (k >= s.length || !Object.is(s[k], v[j])) return -1;
    return k;
  }
  return s[k] === -1 && k + 1 < s.length && Object.is(s[k + 1], v) ? k + 2 : -1;
}

/** sameSnapshot(s, snapshot(ctx)) without building the new snapshot (it is checked on every post). */
function matchesSnapshot(s: Snapshot, ctx: MissionContext): boolean {
  const b = ctx.brand;
  const l = ctx.launch;
  if (s.length < 2 || !Object.is(s[0], b?.name) || !Object.is(s[1], b?.mission)) return false;
  let k = 2;
  if ((k = fieldMatches(s, k, b?.values)) < 0) return false;
  if ((k = fieldMatches(s, k, b?.claims)) < 0) return false;
  if ((k = fieldMatches(s, k, b?.forbiddenClaims)) < 0) return false;
  if ((k = fieldMatches(s, k, b?.keywords)) < 0) return false;
  if (k >= s.length || !Object.is(s[k], l?.name)) return false;
  k++;
  if ((k = fieldMatches(s, k, l?.keywords)) < 0) return false;
  if ((k = fieldMatches(s, k, l?.products)) < 0) return false;
  if ((k = fieldMatches(s, k, l?.promises)) < 0) return false;
  return k === s.length;
}

/** The profile of ctx.brand + ctx.launch: cached per object pair, rebuilt when their fields change. */
export function missionProfile(ctx: MissionContext): Profile {
  const bk = ctx.brand ?? NONE;
  const lk = ctx.launch ?? NONE;
  if (typeof bk !== 'object' || typeof lk !== 'object') return buildProfile(ctx);
  // A brand's posts usually come in a row: the last pair answers without the two WeakMap probes.
  if (bk === lastBrand && lk === lastLaunch && lastEntry !== undefined && matchesSnapshot(lastEntry.snap, ctx)) return lastEntry.profile;
  let byLaunch = profileCache.get(bk);
  if (!byLaunch) profileCache.set(bk, (byLaunch = new WeakMap()));
  const hit = byLaunch.get(lk);
  if (hit && matchesSnapshot(hit.snap, ctx)) { rememberLast(bk, lk, hit); return hit.profile; }
  const snap = snapshot(ctx);
  // A new (or edited) object: callers that build a fresh but equal brand per post still share
  // one profile through a small table keyed by content.
  const key = JSON.stringify(snap);
  let profile = profileByContent.get(key);
  if (!profile) {
    profile = buildProfile(ctx);
    if (profileByContent.size >= 1000) profileByContent.clear();
    profileByContent.set(key, profile);
  }
  const entry = { snap, profile };
  byLaunch.set(lk, entry);
  rememberLast(bk, lk, entry);
  return profile;
}

// The last brand/launch pair and its cache entry (strong references to one pair only).
let lastBrand: object | undefined;
let lastLaunch: object | undefined;
let lastEntry: CacheEntry | undefined;
function rememberLast(b: object, l: object, e: CacheEntry): void {
  lastBrand = b;
  lastLaunch = l;
  lastEntry = e;
}

function buildProfile(ctx: MissionContext): Profile {
  const b = ctx.brand;
  const l = ctx.launch;
  const fields = [
    b?.mission ?? '', ...(b?.values ?? []), ...(b?.claims ?? []), ...(b?.keywords ?? []),
    ...(l ? [l.name, ...l.keywords, ...l.products, ...l.promises] : []),
  ].filter((f) => typeof f === 'string' && f.trim());
  // Each field is a document; stems from both stemmers so EN and ES posts both match.
  const docs = fields.map((f) => [...new Set([...stems(f, 'en'), ...stems(f, 'es')])]);
  const df = new Map<string, number>();
  for (const d of docs) for (const s of d) df.set(s, (df.get(s) ?? 0) + 1);
  const n = docs.length + 1;
  const idf = new Map<string, number>();
  for (const [s, c] of df) idf.set(s, Math.log((n + 1) / (c + 1)) + 1);
  const vec: Vec = new Map();
  for (const d of docs) for (const s of d) vec.set(s, (vec.get(s) ?? 0) + idf.get(s)!);
  let norm = 0;
  for (const v of vec.values()) norm += v * v;

  const categories = new Set<ClaimCategory>();
  const places = new Set<string>();
  for (const f of [b?.mission ?? '', ...(b?.values ?? []), ...(b?.claims ?? [])]) {
    for (const c of extractClaims(f)) {
      if (c.negated) continue;
      categories.add(c.category);
      if (c.place) places.add(c.place);
    }
    // Values are often single words ("vegan", "sustainability"); map the common ones.
    const v = fold(f.toLowerCase());
    if (/sustainab|sostenib|planet|planeta|environment|medio ?ambiente/.test(v)) categories.add('environmental');
    if (/cruelty|crueldad|animal welfare|bienestar animal/.test(v)) categories.add('cruelty-free');
    if (/inclusiv|diversity|diversidad/.test(v)) categories.add('inclusive');
  }
  const names = [b?.name, ...(b?.keywords ?? []), l?.name, ...(l?.products ?? [])]
    .filter((x): x is string => typeof x === 'string' && x.trim().length >= 2)
    .map((x) => fold(x.toLowerCase()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const aboutRe = names.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.join('|')})(?![\\p{L}\\p{N}])`, 'u') : null;
  const forbiddenStems: string[] = [];
  const forbidden = (b?.forbiddenClaims ?? [])
    .filter((c) => typeof c === 'string' && c.trim())
    .map((claim) => {
      const ss = [...new Set([...stems(claim, 'en')])];
      const idx = ss.map((x) => {
        const k = forbiddenStems.indexOf(x);
        return k >= 0 ? k : forbiddenStems.push(x) - 1;
      });
      return { claim, stems: ss, idx };
    })
    .filter((f) => f.stems.length > 0);
  const medical = (t: string) => medicalClaimsIn(foldWithMap(t).folded).length > 0;
  const medicalDeclared = [b?.mission ?? '', ...(b?.claims ?? [])].some((c) => typeof c === 'string' && medical(c));
  const medicalForbidden = medicalDeclared ? null : forbidden.find((f) => medical(f.claim))?.claim ?? null;
  const terms = new Map<string, { idf: number; vec: number }>();
  for (const [t, v] of idf) terms.set(t, { idf: v, vec: vec.get(t) ?? 0 });
  return {
    vec, norm: Math.sqrt(norm), idf, unseen: Math.log((idf.size + 2) / 1) + 1, terms,
    categories, places, aboutRe, forbidden, forbiddenStems, medicalForbidden, stemIds: new Map(), stemFacts: stemTable(1024), tag: newTag(),
  };
}

// The post's distinct long stems in first-seen order (reused; their counts live in the stem table),
// and the post word (index into W) where each was first seen.
let distinct = new Int32Array(256);
let firstAt = new Int32Array(256);
/**
 * The words that weigh most in the last cosine (indices into W, largest share of the dot product
 * first): the evidence an alignment figure quotes. TOP_SHARED at most.
 */
const TOP_SHARED = 3;
const topAt = new Int32Array(TOP_SHARED);
const topW = new Float64Array(TOP_SHARED);
let topN = 0;
/** 1 + log(c) for small counts c (the same doubles Math.log gives; most counts are 1 or 2). */
const TF = Float64Array.from({ length: 64 }, (_, c) => 1 + Math.log(c));
let cosinePass = 0;

/** TF-IDF cosine of the post's long content words (W.long) with the profile. */
function cosine(p: Profile, nw: number): number {
  topN = 0;
  if (p.norm === 0) return 0;
  const pass = ++cosinePass;
  const S = p.stemFacts;
  if (distinct.length < nw) { distinct = new Int32Array(nw * 2); firstAt = new Int32Array(nw * 2); }
  let nd = 0;
  for (let i = 0; i < nw; i++) {
    if (!W.long[i]) continue;
    const id = W.ids[i]!;
    if (S.pass[id] === pass) S.count[id]!++;
    else { S.pass[id] = pass; S.count[id] = 1; firstAt[nd] = i; distinct[nd++] = id; }
  }
  if (nd === 0) return 0;
  let dot = 0;
  let norm = 0;
  // Same terms in the same order as a Map of term counts would give: the sums are bit-for-bit equal.
  for (let k = 0; k < nd; k++) {
    const id = distinct[k]!;
    const has = S.hasTerm[id] === 1;
    const c = S.count[id]!;
    const w = (c < TF.length ? TF[c]! : 1 + Math.log(c)) * (has ? S.idf[id]! : p.unseen);
    norm += w * w;
    if (has && S.vec[id]) {
      const share = w * S.vec[id]!;
      dot += share;
      if (share > 0) keepTop(firstAt[k]!, share);
    }
  }
  return norm ? dot / (Math.sqrt(norm) * p.norm) : 0;
}

/** Keeps word `at` among the TOP_SHARED largest shares, largest first. */
function keepTop(at: number, share: number): void {
  let p = topN < TOP_SHARED ? topN++ : TOP_SHARED;
  if (p === TOP_SHARED && share <= topW[TOP_SHARED - 1]!) return;
  if (p === TOP_SHARED) p = TOP_SHARED - 1;
  while (p > 0 && topW[p - 1]! < share) { topW[p] = topW[p - 1]!; topAt[p] = topAt[p - 1]!; p--; }
  topW[p] = share; topAt[p] = at;
}

// ---------------------------------------------------------------- post words

/**
 * The post's content words, for both the forbidden-claim matcher and the TF-IDF vector, as
 * parallel arrays reused between posts (no object per word): span, whether the word is long
 * enough for the vector (3+ letters), and what the profile makes of its stem.
 */
const W = {
  start: new Int32Array(256),
  end: new Int32Array(256),
  long: new Uint8Array(256),
  /** Stem ids in the profile's stem table. */
  ids: new Int32Array(256),
};

/** OR of the forbidden masks (StemTable.mask) of the words readPost found. */
let postMask = 0;

// What the mission scorer needs of one spelling (a word, hashtag or mention record), kept on the
// record so a post's tokens cost one memo load each, with no Map probe and nothing built per
// token: WORD_SLOT holds a small integer, the token's regexp gate bits (mission-gates.ts) and
// CLAIM_BIT (a claim may start in it: claimCanStartIn), STOP_BIT (a stop word) and LONG_BIT (3+
// folded characters); EN_SLOT/ES_SLOT the word's stem id per language in the last profile's stem
// table (tag * 65536 + id, valid while that profile's tag is unchanged), read only for content words.
const WORD_SLOT = memoSlot();
const EN_SLOT = memoSlot();
const ES_SLOT = memoSlot();
const GATE_MASK = ENV_BIT * 2 - 1;
const CLAIM_BIT = ENV_BIT * 2;
const STOP_BIT = ENV_BIT * 4;
const LONG_BIT = ENV_BIT * 8;
if (LONG_BIT > 2 ** 30) throw new Error('mission: too many gate bits for one small integer');

/** The word of a word or hashtag token (a hashtag's record is its own spelling, '#word'). */
function infoOf(t: Token): WordInfo {
  return wordInfo(t.kind === 'hashtag' ? t.norm.slice(1) : t.norm);
}

/** STOP_BIT and LONG_BIT of a word or hashtag token. */
function wordBits(t: Token): number {
  const info = infoOf(t);
  return (info.stop ? STOP_BIT : 0) | (info.folded.length >= 3 ? LONG_BIT : 0);
}

/** WORD_SLOT's integer for a token with a record. */
function recordBits(t: Token): number {
  return tokenGate(t.text) | (claimCanStartIn(t.text) ? CLAIM_BIT : 0) | (t.kind === 'mention' ? 0 : wordBits(t));
}

/** The [start, end) spans of the post's tokens the claim scan must read (see extractClaimsInSpans). */
let claimSpans = new Int32Array(128);
let claimSpanCount = 0;

/**
 * Reads a post's tokens once: returns their regexp gate bits (as postGate in mission-gates.ts
 * does), lists in claimSpans the tokens a claim may start in, and, when `p` is given, fills W
 * with the content words and sets postWordCount and postMask.
 */
function readPost(tokens: readonly Token[], lang: 'en' | 'es', p: Profile | null): number {
  if (W.start.length < tokens.length) {
    const n = tokens.length * 2;
    W.start = new Int32Array(n);
    W.end = new Int32Array(n);
    W.long = new Uint8Array(n);
    W.ids = new Int32Array(n);
  }
  // Stem ids start again only between posts (the post's ids stay valid while it is scored).
  if (p !== null && p.stemIds.size + tokens.length > MAX_STEMS) { p.stemIds = new Map(); p.tag = newTag(); }
  if (claimSpans.length < tokens.length * 2) claimSpans = new Int32Array(tokens.length * 4);
  const spans = claimSpans;
  const tag = p === null ? 0 : p.tag;
  const slot = lang === 'es' ? ES_SLOT : EN_SLOT;
  let gate = 0;
  let nw = 0;
  let mask = 0;
  let ns = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const rec = t.rec;
    let bits: number;
    if (rec === undefined) {
      // Punctuation and emoji hold no letters or digits, nor anything folding to them.
      if (t.kind === 'punct' || t.kind === 'emoji') continue;
      gate |= tokenGateOf(t);
      spans[ns * 2] = t.start;
      spans[ns * 2 + 1] = t.start + t.text.length;
      ns++;
      if (p === null || (t.kind !== 'word' && t.kind !== 'hashtag')) continue;
      bits = wordBits(t);
    } else {
      let b = rec.memo[WORD_SLOT] as number | undefined;
      if (b === undefined) rec.memo[WORD_SLOT] = b = recordBits(t);
      bits = b;
      gate |= b & GATE_MASK;
      if (b & CLAIM_BIT) {
        spans[ns * 2] = t.start;
        spans[ns * 2 + 1] = t.start + t.text.length;
        ns++;
      }
      if (p === null || t.kind === 'mention') continue;
    }
    if (bits & STOP_BIT) continue;
    // The record keeps tag * 65536 + id: valid while the profile's tag is the same.
    let id: number;
    const v = rec === undefined ? undefined : rec.memo[slot] as number | undefined;
    if (v !== undefined && tag !== 0 && (v >>> 16) === tag) id = v & 0xffff;
    else {
      id = stemIdOf(p, infoOf(t), lang);
      if (rec !== undefined && tag !== 0 && id < 0x10000) rec.memo[slot] = tag * 0x10000 + id;
    }
    W.start[nw] = t.start;
    W.end[nw] = t.start + t.text.length;
    W.long[nw] = bits & LONG_BIT ? 1 : 0;
    W.ids[nw] = id;
    mask |= p.stemFacts.mask[id]!;
    nw++;
  }
  postWordCount = nw;
  postMask = mask;
  claimSpanCount = ns;
  return gate;
}
let postWordCount = 0;

/** The id of a word's stem in the profile's stem table (its facts made on first sight). */
function stemIdOf(p: Profile, info: WordInfo, lang: 'en' | 'es'): number {
  const stem = stemOf(info, lang);
  let id = p.stemIds.get(stem);
  if (id === undefined) {
    const flags = new Uint8Array(p.forbiddenStems.length);
    for (let j = 0; j < flags.length; j++) flags[j] = stemsMatch(stem, p.forbiddenStems[j]!) ? 1 : 0;
    let mask = 0;
    for (let c = 0; c < p.forbidden.length; c++) if (hasAny(flags, p.forbidden[c]!.idx)) mask |= 1 << Math.min(c, 30);
    id = p.stemIds.size;
    if (id >= p.stemFacts.mask.length) p.stemFacts = grownTable(p.stemFacts, p.stemFacts.mask.length * 2);
    const S = p.stemFacts;
    const term = p.terms.get(stem);
    S.flags[id] = flags;
    S.mask[id] = mask;
    S.hasTerm[id] = term ? 1 : 0;
    S.idf[id] = term ? term.idf : 0;
    S.vec[id] = term ? term.vec : 0;
    S.pass[id] = 0;
    S.count[id] = 0;
    p.stemIds.set(stem, id);
  }
  return id;
}

// ---------------------------------------------------------------- forbidden claims

/** Stems match when equal, or when long enough and one edit apart ("acne"/"acné", "cure"/"cura"). */
function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a))) return Math.abs(a.length - b.length) <= 2;
  // Cheap guards first: natural's levenshtein is exact but slow for a hot loop.
  if (a.length < 4 || b.length < 4 || Math.abs(a.length - b.length) > 1 || a[0] !== b[0]) return false;
  return levenshtein(a, b) <= 1;
}

/** True when flags (a stem's StemTable.flags) has one of the stems `idx` of a forbidden claim. */
function hasAny(flags: Uint8Array, idx: number[]): boolean {
  for (let j = 0; j < idx.length; j++) if (flags[idx[j]!]) return true;
  return false;
}

/** The folded index of an original offset (map is monotonic). */
function foldedIndex(map: Int32Array, orig: number): number {
  let lo = 0, hi = map.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (map[mid]! < orig) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Forbidden claims made by the post's content words W[0..nw). */
function findForbidden(text: string, nw: number, p: Profile): MissionMismatch[] {
  if (p.forbidden.length === 0 || nw === 0 || postMask === 0) return [];
  const ids = W.ids;
  const S = p.stemFacts;
  const out: MissionMismatch[] = [];
  for (let c = 0; c < p.forbidden.length; c++) {
    const bit = 1 << Math.min(c, 30);
    if (!(postMask & bit)) continue; // no word of the post has a stem of this claim
    const f = p.forbidden[c]!;
    const need = f.stems.length;
    const window = need + 3;
    for (let i = 0; i < nw; i++) {
      if (!(S.mask[ids[i]!]! & bit) || !hasAny(S.flags[ids[i]!]!, f.idx)) continue;
      const end = Math.min(nw, i + window);
      let hits = 0;
      for (const j of f.idx) {
        for (let k = i; k < end; k++) if (S.flags[ids[k]!]![j]) { hits++; break; }
      }
      // All stems for short claims; at least 80% for long ones.
      if (hits < (need <= 3 ? need : Math.ceil(need * 0.8))) continue;
      let last = i;
      for (let k = i; k < end; k++) if (S.mask[ids[k]!]! & bit && hasAny(S.flags[ids[k]!]!, f.idx)) last = k;
      const start = W.start[i]!;
      const { folded, map } = foldWithMap(text);
      if (negatedBefore(folded, foldedIndex(map, start)) || asked(text, W.end[last]!)) continue;
      out.push({
        type: 'forbidden-claim',
        claim: f.claim,
        evidence: evidenceSpan(text, start, W.end[last]!),
        reason: `makes the forbidden claim "${f.claim}"`,
      });
      break;
    }
  }
  // Two phrasings of one forbidden claim (EN and ES) matching the same words: report it once.
  return out.length < 2 ? out : out.filter((m, i) => out.findIndex((o) => o.evidence === m.evidence) === i);
}

/** askedNotSaid at an offset of the original text: "Is it tested on animals?" asks, it does not say. */
function asked(text: string, end: number): boolean {
  const { folded, map } = foldWithMap(text);
  return askedNotSaid(folded, foldedIndex(map, end));
}

/** The post's first medicinal claim, as a mismatch of a brand that forbids `forbidden` (a medicinal claim). */
function findMedical(text: string, forbidden: string): MissionMismatch | null {
  const { folded, map } = foldWithMap(text);
  const found = medicalClaimsIn(folded).filter(([at, len]) => !askedNotSaid(folded, at + len));
  if (found.length === 0) return null;
  const [at, len] = found[0]!;
  const start = map[at]!, end = map[at + len]!;
  const claim = text.slice(start, end).replace(/\s+/g, ' ');
  return {
    type: 'forbidden-claim',
    claim,
    evidence: evidenceSpan(text, start, end),
    reason: `makes a medical claim ("${claim}"), of the kind the brand forbids ("${forbidden}")`,
  };
}

// ---------------------------------------------------------------- scoring

function isOpposite(c: Claim, p: Profile): string | null {
  if (c.category === 'origin') {
    if (!c.place || p.places.size === 0) return null;
    const declared = p.places.has(c.place) || [...p.places].some((x) => x.includes(c.place!) || c.place!.includes(x));
    // "NOT made in Spain" contradicts a brand made in Spain; "not made in China" does not.
    if (c.negated) return declared ? `says it is not made in "${c.place}", the brand declares ${[...p.places].join(', ')}` : null;
    return declared ? null : `says it is made in "${c.place}", the brand declares ${[...p.places].join(', ')}`;
  }
  if (c.negated && p.categories.has(c.category)) return `contradicts the brand's declared ${c.category} claim`;
  return null;
}

/**
 * One claim per clause, category and side (and place): "Lumina is NOT cruelty-free, they test on
 * animals" says one thing twice, and counting it twice listed the same claim twice, gave the PR
 * team two mismatches quoting the same clause, and halved the alignment twice. The phrases are
 * kept together ("not cruelty-free; test on animals").
 */
function oneClaimPerClause(claims: Claim[]): Claim[] {
  if (claims.length < 2) return claims;
  const out: Claim[] = [];
  for (const c of claims) {
    const k = out.findIndex((d) => d.category === c.category && d.text === c.text && d.negated === c.negated && d.place === c.place);
    if (k < 0) out.push(c);
    else if (!out[k]!.phrase.split('; ').includes(c.phrase)) out[k] = { ...out[k]!, phrase: `${out[k]!.phrase}; ${c.phrase}` };
  }
  return out;
}

/** True when a rule-found environmental claim starts in [s, e). */
function coveredBy(claims: readonly Claim[], s: number, e: number): boolean {
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i]!;
    if (c.category === 'environmental' && c.start >= s && c.start < e) return true;
  }
  return false;
}

/** Sentences as the environmental-claim detector reads them. */
const SENTENCE_RE = /[^.!?\n]+[.!?]?/g;

/**
 * Scores a post against the brand's mission and the launch; never throws.
 * The brand/launch profile is cached per object (see missionProfile), so pass the same brand
 * object for a brand's posts. `prepared`: the text's tokens, when the caller has them.
 */
export function scoreMission(text: string, ctx: MissionContext = {}, prepared?: PreparedTokens): MissionScore {
  const src = typeof text === 'string' ? (text.length > 20_000 ? text.slice(0, 20_000) : text) : '';
  const hasProfile = !!(ctx.brand && (ctx.brand.mission || ctx.brand.values?.length || ctx.brand.claims?.length || ctx.brand.keywords?.length)) ||
    !!(ctx.launch && (ctx.launch.keywords?.length || ctx.launch.promises?.length || ctx.launch.products?.length));
  const p = ctx.brand || ctx.launch ? missionProfile(ctx) : null;
  // The tokens gate the whole-text regexps when the caller has them or the words are read anyway.
  const prepTokens = prepared && prepared.text === src && Array.isArray(prepared.tokens);
  const readWords = p !== null && (p.forbidden.length > 0 || hasProfile);
  postWordCount = 0;
  // Tokens only when a part needs them (tokensFor is memoised on the last text, so asking twice
  // is cheap); with them, the claim scan reads only the tokens a claim may start in.
  let gate = COMPLAINT_ALL | ENV_BIT;
  let claims: Claim[];
  if (prepTokens || readWords) {
    gate = readPost(tokensFor(src, prepared), ctx.lang === 'es' ? 'es' : 'en', readWords ? p : null);
    claims = extractClaimsInSpans(src, claimSpans, claimSpanCount);
  } else claims = extractClaims(src);

  // Environmental claims the phrase rules missed, sentence by sentence (English model). Only
  // sentences with an environmental term (ENV_HINT) and no rule-found environmental claim are
  // worth the model; a post without any such term is skipped whole (sentences start after
  // . ! ? or a line break, so the term's word boundary is the same in the post and the sentence).
  if ((ctx.lang === undefined || ctx.lang === 'en' || ctx.lang === 'und') && gate & ENV_BIT && ENV_HINT.test(src)) {
    SENTENCE_RE.lastIndex = 0;
    for (let m = SENTENCE_RE.exec(src); m; m = SENTENCE_RE.exec(src)) {
      const sentence = m[0];
      if (sentence.length < 20) continue;
      const s = m.index, e = s + sentence.length;
      if (coveredBy(claims, s, e)) continue;
      const lastIndex = SENTENCE_RE.lastIndex;
      // Sentences start after an ASCII . ! ? or line break: the post's tokens serve when no token crosses the sentence's ends.
      const prob = envClaimProbability(sentence, undefined, tokensWithin(tokensFor(src, prepared), s, e) ?? undefined);
      SENTENCE_RE.lastIndex = lastIndex;
      if (prob >= CLAIM_THRESHOLD) {
        claims.push({ category: 'environmental', text: sentence.trim().slice(0, 160), negated: false, phrase: sentence.trim().slice(0, 60), start: s, end: e });
      }
    }
  }

  claims = oneClaimPerClause(claims);

  const reasons: string[] = [];
  const out: MissionScore = {
    alignment: null,
    claims: new Array(claims.length),
    mismatches: [],
    reasons,
  };
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i]!;
    out.claims[i] = { category: c.category, text: c.text, negated: c.negated };
  }
  if (p === null) {
    reasons.push('no brand or launch to compare with: alignment not scored');
    return out;
  }

  for (let i = 0; i < claims.length; i++) {
    const c = claims[i]!;
    const why = isOpposite(c, p);
    if (why && !asked(src, c.end)) out.mismatches.push({ type: 'contradicts-values', claim: c.phrase, evidence: c.text, reason: why });
  }
  const nw = postWordCount;
  if (nw > 0 && postMask !== 0) out.mismatches.push(...findForbidden(src, nw, p));
  if (p.medicalForbidden !== null && !out.mismatches.some((m) => m.type === 'forbidden-claim')) {
    const medical = findMedical(src, p.medicalForbidden);
    if (medical) out.mismatches.push(medical);
  }

  COMPLAINT_RE.lastIndex = 0;
  const complaint = complaintPossible(gate) ? COMPLAINT_RE.exec(src) : null;
  if (complaint) {
    out.mismatches.push({
      type: 'off-mission',
      claim: complaint[0].replace(/\s+/g, ' '),
      evidence: evidenceSpan(src, complaint.index, complaint.index + complaint[0].length),
      reason: 'says it does not fit the brand',
    });
  }

  if (hasProfile) {
    let longWords = 0;
    for (let i = 0; i < nw; i++) longWords += W.long[i]!;
    const cos = cosine(p, nw);
    let supporting = 0;
    for (let i = 0; i < claims.length; i++) if (!claims[i]!.negated && p.categories.has(claims[i]!.category)) supporting++;
    let contradicting = 0;
    let offMission = false;
    for (let i = 0; i < out.mismatches.length; i++) {
      if (out.mismatches[i]!.type === 'off-mission') offMission = true;
      else contradicting++;
    }
    // Short posts share few words with any mission; scale so a cosine of ~0.4 reads as full fit.
    let alignment = Math.min(1, cos / 0.4 + 0.15 * supporting);
    alignment *= 0.5 ** contradicting;
    if (offMission) alignment = Math.min(alignment, 0.2);
    out.alignment = Math.round(Math.max(0, Math.min(1, alignment)) * 1000) / 1000;
    reasons.push(alignmentReason(src, out.alignment, cos));
    if (supporting > 0) reasons.push(`${supporting} claim${supporting === 1 ? '' : 's'} the brand also makes (+${(0.15 * supporting).toFixed(2)})`);
    if (contradicting > 0) reasons.push(`halved for each claim against the brand's values or forbidden claim (${contradicting})`);
    if (offMission) reasons.push('capped at 0.2: says it does not fit the brand');

    // Whether the post names the brand is asked last: the other conditions rarely hold.
    if (!offMission && longWords >= OFF_MISSION_MIN_WORDS && cos < OFF_MISSION_COSINE && p.aboutRe &&
      p.aboutRe.test(foldWithMap(src.length > 5000 ? src.slice(0, 5000) : src).folded)) {
      out.mismatches.push({
        type: 'off-mission',
        claim: 'low similarity to the brand mission and launch',
        evidence: src.slice(0, 160).replace(/\s+/g, ' ').trim(),
        reason: `shares almost no vocabulary with the mission and launch (TF-IDF cosine ${cos.toFixed(3)})`,
      });
    }
  } else reasons.push('the brand profile has no mission, values, claims or keywords: alignment not scored');
  return out;
}

/** "alignment 0.54: shares "cruelty-free", "skincare" with the mission and launch (cosine 0.21)". */
function alignmentReason(src: string, alignment: number, cos: number): string {
  if (topN === 0) return `alignment ${alignment}: shares no word with the brand's mission and launch vocabulary`;
  const words: string[] = [];
  for (let k = 0; k < topN; k++) words.push(`"${src.slice(W.start[topAt[k]!]!, W.end[topAt[k]!]!)}"`);
  return `alignment ${alignment}: shares ${words.join(', ')} with the brand's mission and launch vocabulary (TF-IDF cosine ${cos.toFixed(2)})`;
}
