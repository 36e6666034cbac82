// Builders for store tests and benches: valid domain objects with overridable fields.
import { mentionId } from '../../src/core/ids.js';
import type { Mention, MentionFlags, MentionKind, RollupIncrement, SentimentLabel } from '../../src/core/types.js';
import type { AlertInput, BrandInput, LaunchInput, SourceInput } from '../../src/ports/store.js';

export function brandInput(over: Partial<BrandInput> = {}): BrandInput {
  return {
    name: 'Acme Skin', mission: 'Honest skincare, cruelty-free and made in Spain.', values: ['honesty', 'cruelty-free'],
    claims: ['cruelty-free', 'made in Spain'], forbiddenClaims: ['cures acne'], keywords: ['acme', 'acme skin'],
    handles: ['@acme'], competitors: ['Globex'], languages: ['en', 'es'], sensitivity: 1,
    webhooks: [{ url: 'http://127.0.0.1:9/hook', format: 'json', secret: 's3cret' }],
    ...over,
  };
}

export function launchInput(brandId: string, over: Partial<LaunchInput> = {}): LaunchInput {
  return {
    brandId, name: 'Glow Serum', type: 'launch', startAt: '2026-03-01T00:00:00.000Z', endAt: '2026-03-31T00:00:00.000Z',
    products: ['Glow Serum 30ml'], keywords: ['glow serum'], price: '29 EUR', promises: ['visible glow in 7 days'],
    ...over,
  };
}

export function sourceInput(brandId: string, over: Partial<SourceInput> = {}): SourceInput {
  return {
    brandId, name: 'Acme blog feed', kind: 'feed', url: 'http://127.0.0.1:9/feed.xml', mentionKind: 'news',
    schedule: '*/15 * * * *', enabled: true,
    ...over,
  };
}

export interface MentionOpts {
  sourceId: string;
  brandId: string;
  externalId: string;
  launchId?: string;
  kind?: MentionKind;
  publishedAt?: string;
  text?: string;
  title?: string;
  lang?: string;
  label?: SentimentLabel;
  flags?: Partial<MentionFlags>;
}

export function mention(o: MentionOpts): Mention {
  const label = o.label ?? 'neutral';
  const score = label === 'negative' ? -0.6 : label === 'positive' ? 0.7 : 0;
  return {
    id: mentionId(o.sourceId, o.externalId),
    sourceId: o.sourceId,
    brandId: o.brandId,
    ...(o.launchId !== undefined ? { launchId: o.launchId } : {}),
    kind: o.kind ?? 'review',
    externalId: o.externalId,
    url: `http://127.0.0.1:9/r/${encodeURIComponent(o.externalId)}`,
    author: { handle: `@user_${o.externalId}`, followers: 120 },
    ...(o.title !== undefined ? { title: o.title } : {}),
    text: o.text ?? `Mention ${o.externalId} about the serum.`,
    rating: { value: 4, best: 5, worst: 1, normalized: 0.75 },
    publishedAt: o.publishedAt ?? '2026-03-02T10:00:00.000Z',
    fetchedAt: '2026-03-05T00:00:00.000Z',
    engagement: { likes: 3, comments: 1 },
    scores: {
      lang: o.lang ?? 'en', langConfidence: 0.9,
      sentiment: { score, label, confidence: 0.8, reasons: [`lexicon: ${label}`] },
      aspects: [{ aspect: 'price', polarity: label, evidence: 'the price' }],
      fake: { likelihood: 0.1, reasons: [] },
      mission: { alignment: 0.5, claims: [], mismatches: [] },
      sponsorship: { sponsored: false, disclosed: false, placement: 'none', signals: [], disclosures: [] },
    },
    flags: { negative: false, fakeSuspect: false, mismatch: false, undisclosed: false, ...o.flags },
  };
}

export function increment(over: Partial<RollupIncrement> & Pick<RollupIncrement, 'brandId' | 'hour'>): RollupIncrement {
  return {
    launchId: '', kind: 'review', count: 1, sentimentSum: 0.5, pos: 1, neu: 0, neg: 0, fakeSuspects: 0, mismatches: 0,
    undisclosed: 0, reach: 10, fiveStar: 0, aspects: {},
    ...over,
  };
}

export function alertInput(brandId: string, over: Partial<AlertInput> = {}): AlertInput {
  return {
    brandId, kind: 'backlash', severity: 'high', status: 'open', episodeKey: 'backlash:2026-03-02', title: 'Negative spike',
    windowStart: '2026-03-02T00:00:00.000Z', windowEnd: '2026-03-02T06:00:00.000Z',
    evidence: { figures: { negPerHour: 12, baselineNegPerHour: 2 }, topTerms: ['price'], topAspects: ['price:negative'], samples: [], summary: 'Negative mentions 6x baseline' },
    ...over,
  };
}
