// The one decision type every alert detector returns, and the episode policy shared by the
// rate-based detectors (backlash, fake-review wave): open once per episode, update while it grows,
// resolve when it has subsided for a while, and do not re-open during a cooldown after a resolve.

import type { Alert, AlertEvidence, AlertKind, AlertSeverity, IsoDate } from '../core/types.js';
import { HOUR_MS } from '../core/time.js';

export type AlertAction = 'open' | 'update' | 'resolve' | 'none';

export interface AlertDecision {
  action: AlertAction;
  kind: AlertKind;
  severity: AlertSeverity;
  /** One per episode: the caller looks the alert up by (brandId, kind, episodeKey). */
  episodeKey: string;
  title: string;
  windowStart: IsoDate;
  windowEnd: IsoDate;
  /** topTerms and samples may be filled by the caller (risingTerms, pickSamples in explain.ts). */
  evidence: AlertEvidence;
  brandId: string;
  launchId?: string;
  /** Why this action, for logs and tests ("cooldown", "below minimum volume", ...). */
  reason: string;
}

export const SEVERITIES: readonly AlertSeverity[] = ['low', 'medium', 'high', 'critical'];

export function severityRank(s: AlertSeverity): number {
  return SEVERITIES.indexOf(s);
}

/** Rank 0..3 of a value against three ascending cut-offs. */
export function rankOf(x: number, cuts: readonly [number, number, number]): number {
  return x >= cuts[2] ? 3 : x >= cuts[1] ? 2 : x >= cuts[0] ? 1 : 0;
}

/**
 * Combines "how far above baseline" and "how big in absolute terms": the smaller of the two
 * ranks, raised by one when the other is at least two levels higher (a ×30 spike of 12 posts is
 * medium, not critical; 400 posts at ×2 is not critical either).
 */
export function combineSeverity(ratioRank: number, volumeRank: number): AlertSeverity {
  const lo = Math.min(ratioRank, volumeRank);
  const hi = Math.max(ratioRank, volumeRank);
  return SEVERITIES[Math.min(3, lo + (hi - lo >= 2 ? 1 : 0))];
}

/** Open or acknowledged (not a type guard on purpose: a resolved alert is still an Alert). */
export function isActive(a: Alert | null | undefined): boolean {
  return !!a && a.status !== 'resolved';
}

export interface EpisodeInput {
  kind: AlertKind;
  brandId: string;
  launchId?: string;
  now: Date;
  /** The condition holds now (spike and, for backlash, sentiment drop, above minimum volume). */
  firing: boolean;
  /** The episode has subsided for long enough to resolve an active alert. */
  subsided: boolean;
  /** Hour (epoch ms) the current episode started, when firing. */
  episodeStart: number;
  severity: AlertSeverity;
  title: string;
  evidence: AlertEvidence;
  previous?: Alert | null;
  cooldownHours: number;
  /** Relative change of the main figure that counts as "grew" (default 0.25). */
  growth?: number;
  mainFigure: string;
  /** Why the condition does not hold (when not firing). */
  quietReason: string;
}

export function episodeKeyFor(kind: AlertKind, brandId: string, launchId: string | undefined, startMs: number): string {
  return `${kind}:${brandId}:${launchId || '-'}:${new Date(startMs).toISOString().slice(0, 13)}`;
}

export function decideEpisode(e: EpisodeInput): AlertDecision {
  const nowHour = Math.floor(e.now.getTime() / HOUR_MS) * HOUR_MS;
  const windowEnd = new Date(nowHour + HOUR_MS).toISOString();
  const prev = e.previous && e.previous.kind === e.kind ? e.previous : null;
  const base = { kind: e.kind, brandId: e.brandId, launchId: e.launchId || undefined, severity: e.severity, title: e.title, evidence: e.evidence };

  if (prev && isActive(prev)) {
    const common = { ...base, episodeKey: prev.episodeKey, windowStart: prev.windowStart, windowEnd };
    if (e.firing) {
      const before = prev.evidence?.figures?.[e.mainFigure] ?? 0;
      const after = e.evidence.figures[e.mainFigure] ?? 0;
      const grewSeverity = severityRank(e.severity) > severityRank(prev.severity);
      const grewFigure = after > before * (1 + (e.growth ?? 0.25)) && after - before >= 1;
      const newAspect = e.evidence.topAspects.some((a) => !(prev.evidence?.topAspects ?? []).includes(a));
      if (grewSeverity || grewFigure || newAspect) {
        // Severity never steps down during an episode: the alert records the worst it got.
        const severity = grewSeverity ? e.severity : prev.severity;
        return { ...common, severity, action: 'update', reason: grewSeverity ? 'severity rose' : grewFigure ? `${e.mainFigure} grew` : 'new aspect' };
      }
      return { ...common, severity: prev.severity, action: 'none', reason: 'episode active, no material change' };
    }
    if (e.subsided) return { ...common, severity: prev.severity, title: prev.title, evidence: { ...e.evidence, summary: `Subsided: ${e.evidence.summary}` }, action: 'resolve', reason: 'subsided' };
    return { ...common, severity: prev.severity, title: prev.title, action: 'none', reason: 'episode active, below threshold but not yet subsided' };
  }

  if (!e.firing) {
    return { ...base, action: 'none', episodeKey: '', windowStart: new Date(nowHour).toISOString(), windowEnd, reason: e.quietReason };
  }
  const episodeKey = episodeKeyFor(e.kind, e.brandId, e.launchId, e.episodeStart);
  const windowStart = new Date(e.episodeStart).toISOString();
  if (prev && prev.status === 'resolved') {
    if (prev.episodeKey === episodeKey) {
      return { ...base, action: 'none', episodeKey, windowStart, windowEnd, reason: 'episode already resolved' };
    }
    const resolvedAt = Date.parse(prev.resolvedAt ?? prev.updatedAt ?? prev.windowEnd);
    const sinceH = (e.now.getTime() - resolvedAt) / HOUR_MS;
    // A much worse episode breaks through the cooldown: critical should never wait.
    if (sinceH < e.cooldownHours && e.severity !== 'critical') {
      return { ...base, action: 'none', episodeKey, windowStart, windowEnd, reason: `cooldown: resolved ${sinceH.toFixed(1)} h ago (< ${e.cooldownHours} h)` };
    }
  }
  return { ...base, action: 'open', episodeKey, windowStart, windowEnd, reason: 'new episode' };
}
