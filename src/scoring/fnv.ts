// 32-bit FNV-1a: the one string hash the scorers use for feature hashing, word tables and
// shingles. Fast, stable across runs and platforms, and continuable: fnvFeed(fnv1a(a), b) is
// fnv1a(a + b), so a hash can be carried across parts without building the joined string.

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `s` (unsigned). */
export function fnv1a(s: string, seed = FNV_OFFSET): number {
  return fnvFeed(seed, s);
}

/** Continues an FNV-1a hash `h` (a state from fnv1a or fnvFeed) over the characters of `s` (unsigned). */
export function fnvFeed(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** FNV-1a of s[from, to), without building the substring (unsigned). */
export function fnvRange(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let k = from; k < to; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV_PRIME);
  return h >>> 0;
}
