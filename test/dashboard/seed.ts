// Seeds a store the way the pipeline would leave it: brands, launches, scored mentions, their
// rollups (through the real rollupIncrements + addToRollups) and an open backlash alert.
// Shared by the dashboard browser test and bench/dashboard-load.bench.ts.
import { mentionId } from '../../src/core/ids.js';
import type { Alert, Brand, Launch, Mention, MentionKind, SentimentLabel } from '../../src/core/types.js';
import type { Store } from '../../src/ports/store.js';
import { rollupIncrements } from '../../jobs/ingest.js';

export const HOSTILE = '<img src=x onerror=alert(1)>';
const HOUR = 3_600_000;

export interface Seeded {
  brand: Brand;
  other: Brand;
  launch: Launch;
  otherLaunch: Launch;
  alert: Alert;
  hostileMentionId: string;
  mentions: number;
}

const NEG = ['Fifty pounds for this? Overpriced and half the doors are stickers.', 'Has nothing to do with her brand, feels like a cash grab.',
  'Returned it. £50 for cheap samples is a joke.', 'Esto no tiene nada que ver con su marca, carísimo para lo que trae.', 'Disappointed, the packaging is nice but the contents are cheap.'];
const POS = ['Love the little surprises every morning!', 'Cute calendar, the candle is lovely.', 'Me encanta, muy bonito para regalar.'];

function mention(o: { sourceId: string; brandId: string; launchId: string; i: number; at: number; label: SentimentLabel; kind?: MentionKind; text?: string; fake?: boolean; undisclosed?: boolean }): Mention {
  const score = o.label === 'negative' ? -0.7 : o.label === 'positive' ? 0.75 : 0;
  const text = o.text ?? (o.label === 'negative' ? NEG[o.i % NEG.length]! : POS[o.i % POS.length]!);
  const externalId = `m-${o.launchId}-${o.i}`;
  const kind = o.kind ?? (o.i % 5 === 0 ? 'influencer' : o.i % 3 === 0 ? 'social' : 'review');
  return {
    id: mentionId(o.sourceId, externalId), sourceId: o.sourceId, brandId: o.brandId, launchId: o.launchId, kind, externalId,
    url: `http://127.0.0.1:9/r/${o.i}`, author: { handle: `@fan_${o.i % 17}`, followers: 100 + (o.i % 7) * 900 },
    text, rating: { value: o.label === 'negative' ? 1 : 5, best: 5, worst: 1, normalized: o.label === 'negative' ? 0 : 1 },
    publishedAt: new Date(o.at).toISOString(), fetchedAt: new Date(o.at + 60_000).toISOString(), engagement: { likes: o.i % 40, comments: o.i % 6 },
    scores: {
      lang: /[ñá]|Esto|Me encanta/.test(text) ? 'es' : 'en', langConfidence: 0.9,
      // Every seeded mention has stars, so the text's own reading is kept beside the fused score.
      sentiment: { score, label: o.label, confidence: 0.8, reasons: [o.label === 'negative' ? 'negative terms: overpriced, joke' : 'positive terms: love, lovely'], textScore: score * 0.9 },
      aspects: [{ aspect: o.label === 'negative' ? 'price' : 'packaging', polarity: o.label, evidence: 'the price' }],
      fake: { likelihood: o.fake ? 0.9 : 0.05, reasons: o.fake ? ['near-duplicate of 3 other reviews', 'generic praise'] : [] },
      mission: { alignment: 0.3, claims: [], mismatches: o.label === 'negative' && o.i % 4 === 0 ? [{ type: 'off-mission', claim: 'calendar', evidence: text.slice(0, 40), reason: 'unrelated to the brand' }] : [] },
      sponsorship: { sponsored: !!o.undisclosed, disclosed: false, placement: 'none', signals: o.undisclosed ? ['discount code'] : [], disclosures: [] },
    },
    flags: { negative: o.label === 'negative', fakeSuspect: !!o.fake, mismatch: o.label === 'negative' && o.i % 4 === 0, undisclosed: !!o.undisclosed },
  };
}

export async function seedDashboard(store: Store, now = Date.now()): Promise<Seeded> {
  const brand = await store.createBrand({
    name: 'Maya Lune', mission: 'Slow, honest beauty rituals from Maya, for her community.', values: ['honesty', 'community'], claims: ['cruelty-free'],
    forbiddenClaims: [], keywords: ['maya lune'], handles: ['@mayalune'], competitors: ['Verde Skin'], languages: ['en', 'es'], sensitivity: 1, webhooks: [],
  });
  const other = await store.createBrand({
    name: 'Verde Skin', mission: 'Inclusive, cruelty-free skincare for every skin tone.', values: ['inclusive'], claims: ['cruelty-free'],
    forbiddenClaims: [], keywords: ['verde skin'], handles: ['@verdeskin'], competitors: [], languages: ['en', 'es'], sensitivity: 1, webhooks: [],
  });
  const start = Math.floor((now - 60 * HOUR) / HOUR) * HOUR;
  const launch = await store.createLaunch({ brandId: brand.id, name: 'Lune Advent Calendar', type: 'launch', startAt: new Date(start).toISOString(), products: ['Advent calendar'], keywords: ['advent'], price: '£50', promises: ['24 surprises'] });
  const otherLaunch = await store.createLaunch({ brandId: other.id, name: 'Every Shade Range', type: 'launch', startAt: new Date(start - 12 * HOUR).toISOString(), products: ['Foundation'], keywords: ['shade'], price: '£24', promises: ['40 shades'] });
  const src = await store.createSource({ brandId: brand.id, launchId: launch.id, name: 'Calendar reviews', kind: 'schema-reviews', url: 'http://127.0.0.1:9/reviews', schedule: '*/30 * * * *', enabled: false, mentionKind: 'review' });
  const src2 = await store.createSource({ brandId: other.id, launchId: otherLaunch.id, name: 'Shade reviews', kind: 'schema-reviews', url: 'http://127.0.0.1:9/shade', schedule: '*/30 * * * *', enabled: false, mentionKind: 'review' });

  const ms: Mention[] = [];
  let i = 0;
  // The calendar: friendly for a day, then a growing wave of complaints.
  for (let hr = 0; hr < 60; hr++) {
    const at = start + hr * HOUR + 5 * 60_000;
    const negs = hr < 24 ? (hr % 6 === 0 ? 1 : 0) : Math.min(8, 1 + Math.floor((hr - 24) / 4));
    const poss = hr < 24 ? 2 : 1;
    for (let k = 0; k < negs; k++) ms.push(mention({ sourceId: src.id, brandId: brand.id, launchId: launch.id, i: i++, at: at + k * 1000, label: 'negative', undisclosed: i % 23 === 0 }));
    for (let k = 0; k < poss; k++) ms.push(mention({ sourceId: src.id, brandId: brand.id, launchId: launch.id, i: i++, at: at + 30_000 + k * 1000, label: 'positive', fake: hr > 30 && k === 0 && hr % 3 === 0 }));
  }
  const hostile = mention({ sourceId: src.id, brandId: brand.id, launchId: launch.id, i: i++, at: now - 10 * 60_000, label: 'negative', kind: 'review', text: HOSTILE });
  ms.push(hostile);
  // The shade range: mostly praise.
  for (let hr = 0; hr < 72; hr += 2) {
    const at = start - 12 * HOUR + hr * HOUR;
    ms.push(mention({ sourceId: src2.id, brandId: other.id, launchId: otherLaunch.id, i: i++, at, label: 'positive', text: 'Finally a range with my shade! Love how inclusive it is.' }));
    if (hr % 8 === 0) ms.push(mention({ sourceId: src2.id, brandId: other.id, launchId: otherLaunch.id, i: i++, at: at + 60_000, label: hr % 16 === 0 ? 'negative' : 'neutral', text: 'Sold out in my shade already.' }));
  }
  const { insertedMentions } = await store.upsertMentions(ms);
  await store.addToRollups(rollupIncrements(insertedMentions));

  const alert = await store.createAlert({
    brandId: brand.id, launchId: launch.id, kind: 'backlash', severity: 'high', status: 'open', episodeKey: `backlash:${launch.id}`,
    title: 'Backlash: Lune Advent Calendar', windowStart: new Date(now - 12 * HOUR).toISOString(), windowEnd: new Date(now).toISOString(),
    evidence: {
      figures: { negPerHour: 7, baselineNegPerHour: 0.4, sentimentNow: -0.45, sentimentBaseline: 0.6 },
      topTerms: ['overpriced', 'nothing to do with her brand', '£50'], topAspects: ['price:negative', 'value:negative'],
      samples: [
        { mentionId: hostile.id, url: 'javascript:alert(1)', text: HOSTILE, author: '@fan_1', engagement: 40 },
        { mentionId: ms[30]!.id, url: ms[30]!.url, text: NEG[1]!, author: '@fan_2', engagement: 31 },
      ],
      summary: 'Negative mentions at 7/h against a baseline of 0.4/h; sentiment fell from +0.60 to −0.45.',
    },
  });
  return { brand, other, launch, otherLaunch, alert, hostileMentionId: hostile.id, mentions: insertedMentions.length };
}
