// Trust index: 0–100 per brand, a weighted mean of five components, each in 0..1 and shown with its
// value, weight and contribution (contributions sum to the index). A component without data (no
// influencer posts → no transparency figure; no backlash alert → nothing to respond to) is left out
// and the remaining weights are rescaled, rather than scoring the brand as perfect or as failing.
import type { Alert, Brand } from '../core/types.js';
import { HOUR_MS } from '../core/time.js';
import type { Store } from '../ports/store.js';
import { addRollup, emptyTotals, type Totals } from './measures.js';
import { round } from './stats.js';

export type TrustComponentName = 'sentiment' | 'authenticity' | 'missionAlignment' | 'transparency' | 'responsiveness';

/** Nominal weights (sum 1). */
export const TRUST_WEIGHTS: Readonly<Record<TrustComponentName, number>> = {
  sentiment: 0.3,
  authenticity: 0.25,
  missionAlignment: 0.2,
  transparency: 0.15,
  responsiveness: 0.1,
};

/** Below this many mentions the index is shown but flagged as low-confidence. */
export const LOW_VOLUME = 30;
/** Responsiveness: an alert acknowledged after this many hours earns no speed credit. */
export const ACK_HORIZON_HOURS = 48;
/** Open alerts younger than this are too fresh to count against the brand. */
export const ACK_GRACE_HOURS = 1;

export interface TrustComponent {
  name: TrustComponentName;
  /** 0..1, null without data. */
  value: number | null;
  weight: number;
  /** Weight after rescaling over the components that have data (0 when unavailable). */
  effectiveWeight: number;
  /** Points of the 0–100 index this component gives (value × effective weight × 100). */
  contribution: number;
  detail: string;
}

export interface TrustIndex {
  brandId: string;
  brandName: string;
  /** 0–100, null when the brand had no mentions in the range. */
  index: number | null;
  rank: number | null;
  volume: number;
  lowVolume: boolean;
  components: TrustComponent[];
}

export interface Responsiveness {
  alerts: number;
  handled: number;
  medianHoursToAck: number | null;
  value: number | null;
}

/**
 * 0.6 × share of backlash alerts acknowledged or resolved + 0.4 × speed, where speed =
 * max(0, 1 − median hours to acknowledge / 48). Time to acknowledge is acknowledgedAt (or resolvedAt
 * when resolved directly) − openedAt. Alerts still open and younger than an hour are not counted.
 */
export function responsiveness(alerts: Alert[], now: Date): Responsiveness {
  const counted = alerts.filter((a) => a.status !== 'open' || now.getTime() - Date.parse(a.openedAt) >= ACK_GRACE_HOURS * HOUR_MS);
  if (counted.length === 0) return { alerts: 0, handled: 0, medianHoursToAck: null, value: null };
  const hours: number[] = [];
  for (const a of counted) {
    if (a.status === 'open') continue;
    const at = a.acknowledgedAt ?? a.resolvedAt;
    hours.push(at ? Math.max(0, (Date.parse(at) - Date.parse(a.openedAt)) / HOUR_MS) : ACK_HORIZON_HOURS);
  }
  hours.sort((x, y) => x - y);
  const median = hours.length === 0 ? null : hours.length % 2 ? hours[(hours.length - 1) / 2]! : (hours[hours.length / 2 - 1]! + hours[hours.length / 2]!) / 2;
  const handledShare = hours.length / counted.length;
  const speed = median === null ? 0 : Math.max(0, 1 - median / ACK_HORIZON_HOURS);
  return { alerts: counted.length, handled: hours.length, medianHoursToAck: median === null ? null : round(median, 2), value: 0.6 * handledShare + 0.4 * speed };
}

export function trustIndex(brand: Pick<Brand, 'id' | 'name'>, t: Totals, backlash: Alert[], now: Date): TrustIndex {
  const n = t.count;
  const resp = responsiveness(backlash, now);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const raw: { name: TrustComponentName; value: number | null; detail: string }[] = [
    { name: 'sentiment', value: n ? (t.sentimentSum / n + 1) / 2 : null,
      detail: n ? `mean sentiment ${(t.sentimentSum / n).toFixed(3)} on −1..1, mapped to 0..1` : 'no mentions' },
    { name: 'authenticity', value: n ? 1 - t.fakeSuspects / n : null,
      detail: n ? `1 − likely-fake share (${t.fakeSuspects} of ${n} = ${pct(t.fakeSuspects / n)})` : 'no mentions' },
    { name: 'missionAlignment', value: n ? 1 - Math.min(1, t.mismatches / n) : null,
      detail: n ? `1 − mission mismatch rate (${t.mismatches} of ${n} = ${pct(Math.min(1, t.mismatches / n))})` : 'no mentions' },
    { name: 'transparency', value: t.influencer > 0 ? 1 - Math.min(1, t.undisclosed / t.influencer) : null,
      detail: t.influencer > 0 ? `1 − undisclosed sponsorships per influencer post (${t.undisclosed} of ${t.influencer})` : 'no influencer posts: left out' },
    { name: 'responsiveness', value: resp.value,
      detail: resp.value === null ? 'no backlash alerts to respond to: left out'
        : `${resp.handled} of ${resp.alerts} backlash alerts acknowledged or resolved (weight 0.6), median ${resp.medianHoursToAck ?? '–'} h to acknowledge (weight 0.4, 0 at ${ACK_HORIZON_HOURS} h)` },
  ];
  const available = n > 0 ? raw.filter((c) => c.value !== null) : [];
  const wSum = available.reduce((s, c) => s + TRUST_WEIGHTS[c.name], 0);
  const components = raw.map((c): TrustComponent => {
    const on = n > 0 && c.value !== null && wSum > 0;
    const eff = on ? TRUST_WEIGHTS[c.name] / wSum : 0;
    return { name: c.name, value: c.value === null ? null : round(c.value), weight: TRUST_WEIGHTS[c.name], effectiveWeight: round(eff), contribution: on ? round(100 * eff * c.value!, 2) : 0, detail: c.detail };
  });
  const index = available.length ? round(100 * available.reduce((s, c) => s + (TRUST_WEIGHTS[c.name] / wSum) * c.value!, 0), 1) : null;
  return { brandId: brand.id, brandName: brand.name, index, rank: null, volume: n, lowVolume: n < LOW_VOLUME, components };
}

/** Highest index first; brands without an index last; equal indexes share a rank. */
export function rankTrust(list: TrustIndex[]): TrustIndex[] {
  const sorted = [...list].sort((a, b) => (b.index ?? -1) - (a.index ?? -1) || b.volume - a.volume || a.brandName.localeCompare(b.brandName));
  let rank = 0;
  let prev: number | null = null;
  sorted.forEach((t, i) => {
    if (t.index === null) { t.rank = null; return; }
    if (t.index !== prev) { rank = i + 1; prev = t.index; }
    t.rank = rank;
  });
  return sorted;
}

export interface TrustReport {
  from: string;
  to: string;
  weights: typeof TRUST_WEIGHTS;
  method: string;
  ranking: TrustIndex[];
}

export async function trustReport(store: Store, brands: Brand[], from: number, to: number, now: Date): Promise<TrustReport> {
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  const list = await Promise.all(brands.map(async (b) => {
    const [rollups, alerts] = await Promise.all([
      store.queryRollups({ brandId: b.id, from: fromIso, to: toIso }),
      store.listAlerts({ brandId: b.id, kind: 'backlash', limit: 500 }),
    ]);
    const t = emptyTotals();
    for (const r of rollups) addRollup(t, r);
    const inRange = alerts.filter((a) => a.openedAt >= fromIso && a.openedAt < toIso);
    return trustIndex(b, t, inRange, now);
  }));
  return {
    from: fromIso, to: toIso, weights: TRUST_WEIGHTS,
    method: 'weighted mean of the components that have data, weights rescaled to sum to 1; contributions sum to the index. Responsiveness counts the newest 500 backlash alerts opened in the range.',
    ranking: rankTrust(list),
  };
}
