import { describe, expect, it } from 'vitest';
import { detectBacklash } from '../../src/detect/backlash.js';
import type { AlertDecision } from '../../src/detect/decision.js';
import type { Alert, Rollup } from '../../src/core/types.js';
import { HOUR_MS } from '../../src/core/time.js';
import { T0, alertFrom, normalRollups, rollup } from './synth.js';

// 14 days of normal life, then the launch turns sour at 14:00 on day 14 (a Monday):
// negative posts about price rise over a few hours while the usual traffic continues.
const HISTORY = normalRollups(T0, 14, 40, 21);
const D14 = T0 + 14 * 24 * HOUR_MS;
const sour = (h: number, neg: number): Rollup => rollup(D14 + h * HOUR_MS, {
  count: 40 + neg, neg, sentiment: (40 * 0.3 - neg * 0.7) / (40 + neg),
  aspects: { 'price:negative': Math.round(neg * 0.8), 'quality:negative': 1, 'quality:positive': 3 },
});
const normalDay14 = (h: number) => normalRollups(D14 + h * HOUR_MS, 1 / 24, 40, 100 + h);
const at = (h: number) => new Date(D14 + h * HOUR_MS + 50 * 60_000); // hh:50, within the hour

function toAlert(d: AlertDecision, status: Alert['status'] = 'open', extra: Partial<Alert> = {}): Alert {
  return alertFrom(d, status, extra);
}

describe('detectBacklash', () => {
  const base = [...HISTORY, ...Array.from({ length: 14 }, (_, h) => normalDay14(h)).flat()];

  it('opens an alert with severity and evidence naming price when negative posts about price rise', () => {
    const rollups = [...base, sour(14, 8), sour(15, 25), sour(16, 60)];
    const d = detectBacklash({ rollups, now: at(16), sensitivity: 1 });
    expect(d.action).toBe('open');
    expect(d.kind).toBe('backlash');
    expect(['medium', 'high', 'critical']).toContain(d.severity);
    expect(d.evidence.topAspects[0]).toBe('price');
    expect(d.title).toContain('price');
    const f = d.evidence.figures;
    expect(f.negPerHour).toBeGreaterThan(f.baselineNegPerHour * 3);
    expect(f.sentimentNow).toBeLessThan(f.sentimentBaseline - 0.15);
    for (const k of ['negPerHour', 'baselineNegPerHour', 'ratio', 'sentimentNow', 'sentimentBaseline', 'volume', 'hours']) expect(f).toHaveProperty(k);
    expect(d.episodeKey).toBe(`backlash:b1:l1:${new Date(D14 + 14 * HOUR_MS).toISOString().slice(0, 13)}`);
    expect(d.windowStart).toBe(new Date(D14 + 14 * HOUR_MS).toISOString());
    expect(d.evidence.summary).toMatch(/negative mentions/);
  });

  it('does not treat three angry posts on a quiet night as a crisis', () => {
    const night = Array.from({ length: 3 }, (_, h) => rollup(D14 + h * HOUR_MS, {
      count: 4, neg: 3, sentiment: -0.6, aspects: { 'price:negative': 3 } }));
    const d = detectBacklash({ rollups: [...HISTORY, ...night], now: at(2), sensitivity: 1 });
    expect(d.action).toBe('none');
    expect(d.reason).toMatch(/minimum volume/);
    // The same night passes with a floor the brand chose lower (and higher sensitivity).
    const low = detectBacklash({ rollups: [...HISTORY, ...night], now: at(2), sensitivity: 2, minNegPerHour: 1 });
    expect(low.action).toBe('open');
  });

  it('needs a sentiment drop, not only more negative posts', () => {
    // Volume triples everywhere (a viral launch), negative share and sentiment unchanged.
    const viral = [14, 15, 16].map((h) => rollup(D14 + h * HOUR_MS, { count: 400, neg: 40, sentiment: 0.3 }));
    const d = detectBacklash({ rollups: [...base, ...viral], now: at(16), sensitivity: 1 });
    expect(d.action).toBe('none');
    expect(d.reason).toMatch(/sentiment/);
  });

  it('updates the open alert as the episode grows instead of opening a second one, then resolves', () => {
    const r1 = [...base, sour(14, 8), sour(15, 25)];
    const open = detectBacklash({ rollups: r1, now: at(15), sensitivity: 1 });
    expect(open.action).toBe('open');
    const prev = toAlert(open);
    const r2 = [...r1, sour(16, 80), sour(17, 150)];
    const upd = detectBacklash({ rollups: r2, now: at(17), sensitivity: 1, previous: prev });
    expect(upd.action).toBe('update');
    expect(upd.episodeKey).toBe(open.episodeKey);
    expect(upd.windowStart).toBe(open.windowStart);
    expect(upd.evidence.figures.negPerHour).toBeGreaterThan(open.evidence.figures.negPerHour);
    // Same figures again an hour later with no growth: nothing to send.
    const prev2 = toAlert(upd);
    const same = detectBacklash({ rollups: [...r2, sour(18, 150)], now: at(18), sensitivity: 1, previous: prev2 });
    expect(['none', 'update']).toContain(same.action);
    expect(same.action === 'none' || same.reason !== 'new episode').toBe(true);
    // It subsides: three normal hours later the alert resolves.
    const calm = [...r2, ...[18, 19, 20].map((h) => normalDay14(h)).flat()];
    const still = detectBacklash({ rollups: calm.slice(0, calm.length - 2), now: at(18), sensitivity: 1, previous: prev2 });
    expect(still.action).toBe('none');
    const res = detectBacklash({ rollups: calm, now: at(20), sensitivity: 1, previous: prev2 });
    expect(res.action).toBe('resolve');
    expect(res.episodeKey).toBe(open.episodeKey);
  });

  it('does not re-open within the cooldown after a resolve', () => {
    const first = detectBacklash({ rollups: [...base, sour(14, 8), sour(15, 25)], now: at(15), sensitivity: 1 });
    const resolved = toAlert(first, 'resolved', { resolvedAt: new Date(D14 + 18 * HOUR_MS).toISOString() });
    const again = [...base, ...[18, 19].map((h) => normalDay14(h)).flat(), sour(20, 10), sour(21, 30)];
    const d = detectBacklash({ rollups: again, now: at(21), sensitivity: 1, previous: resolved });
    expect(d.action).toBe('none');
    expect(d.reason).toMatch(/cooldown/);
    const later = detectBacklash({ rollups: again, now: at(21), sensitivity: 1, previous: toAlert(first, 'resolved', { resolvedAt: new Date(D14 + 4 * HOUR_MS).toISOString() }) });
    expect(later.action).toBe('open');
    expect(later.episodeKey).not.toBe(first.episodeKey);
  });

  it('per-brand sensitivity changes the outcome', () => {
    const mild = [...base, sour(14, 6), sour(15, 9), sour(16, 11)];
    expect(detectBacklash({ rollups: mild, now: at(16), sensitivity: 0.5 }).action).toBe('none');
    expect(detectBacklash({ rollups: mild, now: at(16), sensitivity: 2 }).action).toBe('open');
  });

  it('handles no rollups and a brand-new launch without history', () => {
    expect(detectBacklash({ rollups: [], now: at(1), sensitivity: 1 }).action).toBe('none');
    const fresh = [sour(0, 30), sour(1, 60)];
    const d = detectBacklash({ rollups: fresh, now: at(1), sensitivity: 1 });
    expect(d.action).toBe('open');
    expect(d.evidence.figures.historyHours).toBe(0);
  });
});
