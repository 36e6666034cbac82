// Top authors and influencers by reach, from a bounded sample of mentions (see samples.ts): the
// ranking is exact for the sample, not for every mention in the range, and the report says so.
import type { Mention } from '../core/types.js';
import { round } from './stats.js';

export interface TopAuthor {
  author: string;
  followers: number;
  /** Mentions by this author in the sample. */
  mentions: number;
  /** likes + comments + shares over those mentions. */
  engagement: number;
  kinds: string[];
  influencer: boolean;
  sentimentMean: number;
  url?: string;
}

export function engagementOf(m: Pick<Mention, 'engagement'>): number {
  const e = m.engagement ?? {};
  return (e.likes ?? 0) + (e.comments ?? 0) + (e.shares ?? 0);
}

/** A mention's reach: its author's audience, or its views when the source counts those. */
export function reachOf(m: Pick<Mention, 'author' | 'engagement'>): number {
  return Math.max(m.author?.followers ?? 0, m.engagement?.views ?? 0);
}

export function topAuthors(sample: Mention[], top = 10): TopAuthor[] {
  const by = new Map<string, { a: TopAuthor; sent: number }>();
  for (const m of sample) {
    const name = m.author?.handle || m.author?.name;
    if (!name) continue;
    const key = name.toLowerCase();
    let e = by.get(key);
    if (!e) by.set(key, e = { a: { author: name, followers: 0, mentions: 0, engagement: 0, kinds: [], influencer: false, sentimentMean: 0, url: m.url }, sent: 0 });
    e.a.followers = Math.max(e.a.followers, reachOf(m));
    e.a.mentions++;
    e.a.engagement += engagementOf(m);
    if (!e.a.kinds.includes(m.kind)) e.a.kinds.push(m.kind);
    if (m.kind === 'influencer') e.a.influencer = true;
    e.sent += m.scores?.sentiment?.score ?? 0;
  }
  return [...by.values()]
    .map(({ a, sent }) => ({ ...a, sentimentMean: round(sent / a.mentions) }))
    .sort((x, y) => y.followers - x.followers || y.engagement - x.engagement || x.author.localeCompare(y.author))
    .slice(0, top);
}

export interface SampleMention {
  id: string;
  kind: string;
  url?: string;
  author?: string;
  title?: string;
  /** Truncated to 400 characters. Scraped text: the client must escape it. */
  text: string;
  publishedAt: string;
  sentiment: number;
  label: string;
  engagement: number;
  flags: Mention['flags'];
  reasons: string[];
}

export function sampleOf(m: Mention): SampleMention {
  return {
    id: m.id, kind: m.kind, url: m.url, author: m.author?.handle || m.author?.name, title: m.title,
    text: m.text.length > 400 ? `${m.text.slice(0, 399)}…` : m.text,
    publishedAt: m.publishedAt, sentiment: m.scores?.sentiment?.score ?? 0, label: m.scores?.sentiment?.label ?? 'neutral',
    engagement: engagementOf(m), flags: m.flags, reasons: (m.scores?.sentiment?.reasons ?? []).slice(0, 3),
  };
}

/** The most engaged mentions of a sample (ties: newest first). */
export function mostEngaged(sample: Mention[], n: number): SampleMention[] {
  return [...sample].sort((a, b) => engagementOf(b) - engagementOf(a) || b.publishedAt.localeCompare(a.publishedAt)).slice(0, n).map(sampleOf);
}
