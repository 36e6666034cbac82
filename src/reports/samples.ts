// Bounded mention samples for the parts of a report that rollups cannot answer (rising terms, top
// authors, quotes). The range is cut into slices and each slice gives at most `perSlice` of its
// newest mentions, so the sample spreads over the whole range and its cost does not grow with volume.
import type { Mention } from '../core/types.js';
import type { MentionFilter, Store } from '../ports/store.js';

export interface SampleSpec {
  slices: number;
  perSlice: number;
}

export async function sampleMentions(store: Store, filter: MentionFilter & { from: string; to: string }, spec: SampleSpec): Promise<Mention[]> {
  const from = Date.parse(filter.from);
  const to = Date.parse(filter.to);
  if (!(to > from)) return [];
  const slices = Math.max(1, Math.min(spec.slices, 48));
  const width = (to - from) / slices;
  const pages = await Promise.all(Array.from({ length: slices }, (_, i) => {
    const f = new Date(from + i * width).toISOString();
    const t = i === slices - 1 ? filter.to : new Date(from + (i + 1) * width).toISOString();
    return store.queryMentions({ ...filter, from: f, to: t }, { limit: spec.perSlice });
  }));
  const seen = new Set<string>();
  const out: Mention[] = [];
  for (const p of pages) for (const m of p.items) if (!seen.has(m.id)) { seen.add(m.id); out.push(m); }
  return out;
}
