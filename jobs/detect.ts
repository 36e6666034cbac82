// The detect processor: after ingest (and periodically), run the detectors of src/detect over a
// brand's hourly rollups and its newest mentions, and turn their decisions into alerts —
// one alert per episode, updated as it grows, resolved when it subsides — then queue webhooks.
import { HOUR_MS, DAY_MS } from '../src/core/time.js';
import type { Logger } from '../src/core/logger.js';
import type { Alert, AlertKind, Brand, Mention, Rollup } from '../src/core/types.js';
import { detectBacklash } from '../src/detect/backlash.js';
import { episodeKeyFor, type AlertDecision } from '../src/detect/decision.js';
import { copiesAmong, pickSamples, risingTerms } from '../src/detect/explain.js';
import { detectFakeWave, missionMismatchAlerts, undisclosedAlerts } from '../src/detect/waves.js';
import { tokenize } from '../src/scoring/tokens.js';
import type { Clock } from '../src/ports/clock.js';
import type { Job, JobQueue } from '../src/ports/queue.js';
import type { Store } from '../src/ports/store.js';
import type { NotifyJob } from './notify.js';

export const DETECT_QUEUE = 'detect';
export const NOTIFY_QUEUE = 'notify';

export interface DetectJob {
  brandId: string;
}

export interface DetectDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Tries per webhook delivery (default 5). */
  notifyAttempts?: number;
  notifyBackoffMs?: number;
  /** Followers + engagement a mismatch needs to raise an alert (default 1000). */
  mismatchMinReach?: number;
}

const HISTORY_DAYS = 29;

/** Runs the rate detectors (backlash, fake-review wave) for the brand and each of its launches. */
export async function processDetect(job: Job<DetectJob>, deps: DetectDeps): Promise<Alert[]> {
  const { store, clock } = deps;
  const brand = await store.getBrand(job.data.brandId);
  if (!brand) return [];
  const now = clock.now();
  const from = new Date(now.getTime() - HISTORY_DAYS * DAY_MS).toISOString();
  const to = new Date(now.getTime() + HOUR_MS).toISOString();
  // Launches first: when a launch explains an episode, the brand-wide detector stays quiet about
  // it, so the PR team gets one alert (the specific one), not two for the same wave.
  const scopes: (string | undefined)[] = [...(await store.listLaunches(brand.id)).map((l) => l.id), undefined];
  const changed: Alert[] = [];
  const coveredByLaunch = new Set<AlertKind>();
  for (const launchId of scopes) {
    const rollups = await store.queryRollups({ brandId: brand.id, ...(launchId ? { launchId } : {}), from, to });
    if (!rollups.length) continue;
    const backlash = detectBacklash({
      rollups, now, sensitivity: brand.sensitivity, brandId: brand.id, launchId,
      previous: await latestAlert(store, brand.id, 'backlash', launchId),
    });
    const wave = detectFakeWave(rollups, now, {
      sensitivity: brand.sensitivity, brandId: brand.id, launchId,
      previous: await latestAlert(store, brand.id, 'fake-review-wave', launchId),
    });
    for (const found of [backlash, wave]) {
      if (launchId === undefined && coveredByLaunch.has(found.kind) && found.action !== 'resolve') continue;
      const d = launchId === undefined && found.action === 'open' ? ownedByLaunch(found, rollups) : found;
      const a = await applyDecision(d, brand, deps);
      if (a) changed.push(a);
      if (launchId !== undefined) {
        const latest = await latestAlert(store, brand.id, d.kind, launchId);
        if (latest && latest.status !== 'resolved') coveredByLaunch.add(d.kind);
      }
    }
  }
  return changed;
}

/**
 * A brand-wide episode that one launch explains (its mentions carry at least half of the brand's
 * negative, or suspect, mentions in the episode's window) opens as that launch's alert. Sources
 * are scraped in any order, so the brand as a whole can cross the line an hour before the launch
 * does on its own; the PR team should still get one alert, the launch's, not a brand-wide one
 * first. Later runs find it as the launch's active alert, and the brand-wide detector stays quiet.
 */
function ownedByLaunch(d: AlertDecision, rollups: readonly Rollup[]): AlertDecision {
  const from = Date.parse(d.windowStart), to = Date.parse(d.windowEnd);
  const count = (r: Rollup) => (d.kind === 'backlash' ? r.neg : r.fakeSuspects) || 0;
  let total = 0;
  const byLaunch = new Map<string, number>();
  for (const r of rollups) {
    const t = Date.parse(r.hour);
    if (t < from || t >= to) continue;
    total += count(r);
    if (r.launchId) byLaunch.set(r.launchId, (byLaunch.get(r.launchId) ?? 0) + count(r));
  }
  for (const [launchId, n] of byLaunch) {
    if (total > 0 && 2 * n >= total) return { ...d, launchId, episodeKey: episodeKeyFor(d.kind, d.brandId, launchId, from) };
  }
  return d;
}

/** Per-mention alerts (mission mismatch, undisclosed sponsorship) for mentions that just arrived. */
export async function detectMentionAlerts(brand: Brand, mentions: Mention[], deps: DetectDeps): Promise<Alert[]> {
  const activeOf = async (kind: AlertKind) => [
    ...(await deps.store.listAlerts({ brandId: brand.id, kind, status: 'open', limit: 500 })),
    ...(await deps.store.listAlerts({ brandId: brand.id, kind, status: 'acknowledged', limit: 500 })),
  ];
  const decisions = [
    ...missionMismatchAlerts(mentions, { minReach: deps.mismatchMinReach ?? 1000, active: await activeOf('mission-mismatch') }),
    ...undisclosedAlerts(mentions, { active: await activeOf('undisclosed-sponsorship') }),
  ];
  const changed: Alert[] = [];
  for (const d of decisions) {
    const a = await applyDecision(d, brand, deps);
    if (a) changed.push(a);
  }
  return changed;
}

async function latestAlert(store: Store, brandId: string, kind: AlertKind, launchId: string | undefined): Promise<Alert | null> {
  const alerts = await store.listAlerts({ brandId, kind, limit: 200 });
  return alerts.find((a) => (a.launchId ?? '') === (launchId ?? '')) ?? null;
}

/** Turns a decision into a stored alert (opened, updated or resolved) and queues its webhooks. */
export async function applyDecision(d: AlertDecision, brand: Brand, deps: DetectDeps): Promise<Alert | null> {
  if (d.action === 'none') return null;
  const { store, clock } = deps;
  const nowIso = clock.now().toISOString();
  const active = await store.findActiveAlert(brand.id, d.kind, d.episodeKey);
  if (d.action === 'resolve') {
    if (!active) return null;
    return store.updateAlert(active.id, { status: 'resolved', resolvedBy: 'auto (subsided)', resolvedAt: nowIso, windowEnd: d.windowEnd });
  }
  const evidence = await explain(d, deps);
  if (!active) {
    const alert = await store.createAlert({
      brandId: brand.id, ...(d.launchId ? { launchId: d.launchId } : {}), kind: d.kind, severity: d.severity, status: 'open',
      episodeKey: d.episodeKey, title: d.title, windowStart: d.windowStart, windowEnd: d.windowEnd, evidence, openedAt: nowIso,
    });
    await queueDeliveries(alert, brand, deps, 'open');
    return alert;
  }
  const escalated = rank(d.severity) > rank(active.severity);
  const updated = await store.updateAlert(active.id, {
    severity: escalated ? d.severity : active.severity, title: d.title, windowEnd: d.windowEnd, evidence,
  });
  // One delivery per episode; the inbox shows it growing. The one exception a PR team wants
  // pushed again is an episode that has become critical.
  if (updated && escalated && d.severity === 'critical') await queueDeliveries(updated, brand, deps, 'critical');
  return updated;
}

const rank = (s: string) => ['low', 'medium', 'high', 'critical'].indexOf(s);

/** Fills what the pure detectors leave to the caller: sample mentions and rising terms. */
async function explain(d: AlertDecision, deps: DetectDeps): Promise<AlertDecision['evidence']> {
  const ev = d.evidence;
  if (d.kind !== 'backlash' && d.kind !== 'fake-review-wave') return ev;
  const scope = { brandId: d.brandId, ...(d.launchId ? { launchId: d.launchId } : {}) };
  const flag = d.kind === 'backlash' ? 'negative' as const : 'fakeSuspect' as const;
  const recent = (await deps.store.queryMentions({ ...scope, flags: [flag], from: d.windowStart, to: new Date(Date.parse(d.windowEnd) + HOUR_MS).toISOString() }, { limit: 300 })).items;
  const baselineFrom = new Date(Date.parse(d.windowStart) - 7 * DAY_MS).toISOString();
  const baseline = (await deps.store.queryMentions({ ...scope, from: baselineFrom, to: d.windowStart }, { limit: 300 })).items;
  const toks = (ms: Mention[]) => ms.map((m) => termTokens(`${m.title ?? ''} ${m.text}`));
  let { figures, summary } = ev;
  const copied = d.kind === 'fake-review-wave' ? copiesAmong(recent) : { copies: 0 };
  if (copied.copies > 0) {
    const most = copied.mostCopied && copied.mostCopied.times > 1 ? ` (review ${copied.mostCopied.id}: ${copied.mostCopied.times} times)` : '';
    figures = { ...figures, copies: copied.copies };
    summary = `${summary}; ${copied.copies} of them copy or reword earlier reviews${most}`;
  }
  return {
    ...ev,
    figures,
    summary,
    topTerms: ev.topTerms.length ? ev.topTerms : risingTerms(toks(recent), toks(baseline), 8),
    samples: ev.samples.length ? ev.samples : pickSamples(recent, 5),
  };
}

/** Words, hashtags and numbers with their currency ("£50"), lower-cased, for rising terms. */
function termTokens(text: string): string[] {
  return tokenize(text).filter((t) => t.kind === 'word' || t.kind === 'hashtag' || t.kind === 'number').map((t) => t.norm);
}

async function queueDeliveries(alert: Alert, brand: Brand, deps: DetectDeps, reason: string): Promise<void> {
  const attempts = deps.notifyAttempts ?? 5;
  for (let i = 0; i < brand.webhooks.length; i++) {
    const data: NotifyJob = { alertId: alert.id, webhook: i, attempts };
    // The job id makes a re-run of the same detection queue nothing new.
    await deps.queue.enqueue(NOTIFY_QUEUE, data, { attempts, backoffMs: deps.notifyBackoffMs ?? 2_000, jobId: `notify:${alert.id}:${i}:${reason}` });
  }
}
