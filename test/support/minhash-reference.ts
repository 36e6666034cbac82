// Plain, unsigned reference formulas of the near-duplicate index's hashes (src/scoring/minhash.ts),
// written apart from it, so tests compare the optimised code against the definitions.

/** FNV-1a, 32 bits, over UTF-16 code units. */
export function fnv1aPlain(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** murmur3's 32-bit finaliser. */
export function fmix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0; x = Math.imul(x, 0x85ebca6b) >>> 0;
  x = (x ^ (x >>> 13)) >>> 0; x = Math.imul(x, 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** A shingle's hash: its words' FNV-1a hashes (low 30 bits) chained through fmix32 from a fixed seed. */
export function shingleHash(words: readonly string[]): number {
  return words.reduce((h, w) => fmix32((h ^ (fnv1aPlain(w) & 0x3fffffff)) >>> 0), 0x2545f491);
}
