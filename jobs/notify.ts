// Webhook delivery: Slack-compatible payloads, or a generic JSON payload signed with
// HMAC-SHA256 over "timestamp.body" (receivers verify it and reject old timestamps: no replays).
// One job per (alert, webhook), retried with backoff; the last failure is kept as a dead letter.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RetryableError, NonRetryableError } from '../src/core/errors.js';
import type { Alert, Brand, Webhook } from '../src/core/types.js';
import type { Clock } from '../src/ports/clock.js';
import type { Job } from '../src/ports/queue.js';
import type { Notifier, NotifyResult } from '../src/ports/notifier.js';
import type { Store } from '../src/ports/store.js';

export interface NotifyJob {
  alertId: string;
  /** Index of the webhook in brand.webhooks. */
  webhook: number;
  /** The job's total tries, so the last one can write the dead letter. */
  attempts: number;
}

export const SIGNATURE_HEADER = 'x-trustlens-signature';
export const TIMESTAMP_HEADER = 'x-trustlens-timestamp';
export const DELIVERY_HEADER = 'x-trustlens-delivery';

export function sign(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** For receivers (and tests): checks the signature and that the timestamp is recent. */
export function verifySignature(secret: string, headers: Record<string, string | undefined>, body: string, nowMs: number, toleranceSec = 300): boolean {
  const ts = Number(headers[TIMESTAMP_HEADER]);
  const sig = headers[SIGNATURE_HEADER];
  if (!Number.isFinite(ts) || !sig || Math.abs(nowMs / 1000 - ts) > toleranceSec) return false;
  const expected = sign(secret, ts, body);
  return expected.length === sig.length && timingSafeEqual(Buffer.from(expected), Buffer.from(sig));
}

export function alertPayload(alert: Alert, brand: Brand) {
  return {
    id: alert.id, kind: alert.kind, severity: alert.severity, status: alert.status, title: alert.title,
    brand: { id: brand.id, name: brand.name }, launchId: alert.launchId,
    window: { start: alert.windowStart, end: alert.windowEnd },
    summary: alert.evidence.summary, figures: alert.evidence.figures,
    topTerms: alert.evidence.topTerms, topAspects: alert.evidence.topAspects,
    samples: alert.evidence.samples.map((s) => ({ text: s.text.slice(0, 280), url: s.url, author: s.author, engagement: s.engagement })),
  };
}

export function slackPayload(alert: Alert, brand: Brand) {
  const icon = { low: ':information_source:', medium: ':warning:', high: ':rotating_light:', critical: ':fire:' }[alert.severity];
  const lines = [
    `${icon} *${alert.title}* (${alert.severity}) — ${brand.name}`,
    alert.evidence.summary,
    alert.evidence.topTerms.length ? `Rising: ${alert.evidence.topTerms.slice(0, 6).join(', ')}` : '',
    ...alert.evidence.samples.slice(0, 3).map((s) => `> ${s.text.slice(0, 200).replace(/\n/g, ' ')}${s.url ? ` <${s.url}|link>` : ''}`),
  ].filter(Boolean);
  return { text: lines.join('\n') };
}

/** The Notifier port over HTTP. */
export function createHttpNotifier(opts: { clock: Clock; timeoutMs?: number }): Notifier {
  return {
    async send(target: Webhook, alert: Alert, brand: Brand): Promise<NotifyResult> {
      const body = JSON.stringify(target.format === 'slack' ? slackPayload(alert, brand) : alertPayload(alert, brand));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'TrustLens-Webhook/0.1', [DELIVERY_HEADER]: alert.id };
      if (target.format === 'json' && target.secret) {
        const ts = Math.floor(opts.clock.now().getTime() / 1000);
        headers[TIMESTAMP_HEADER] = String(ts);
        headers[SIGNATURE_HEADER] = sign(target.secret, ts, body);
      }
      try {
        const res = await fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
        await res.arrayBuffer().catch(() => undefined);
        return res.ok ? { ok: true, httpStatus: res.status } : { ok: false, httpStatus: res.status, error: `HTTP ${res.status}` };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      }
    },
  };
}

export async function processNotify(job: Job<NotifyJob>, deps: { store: Store; notifier: Notifier; clock: Clock }): Promise<void> {
  const alert = await deps.store.getAlert(job.data.alertId);
  if (!alert) return;
  const brand = await deps.store.getBrand(alert.brandId);
  const target = brand?.webhooks[job.data.webhook];
  if (!brand || !target) return;
  const result = await deps.notifier.send(target, alert, brand);
  const last = job.attempt >= job.data.attempts;
  await deps.store.addDelivery(alert.id, {
    at: deps.clock.now().toISOString(), target: target.url, attempt: job.attempt,
    status: result.ok ? 'delivered' : last ? 'dead-letter' : 'failed',
    httpStatus: result.httpStatus, error: result.error,
  });
  if (result.ok) return;
  // 4xx other than 408/429 will not get better by retrying.
  const s = result.httpStatus;
  if (s && s >= 400 && s < 500 && s !== 408 && s !== 429) {
    if (!last) await deps.store.addDelivery(alert.id, { at: deps.clock.now().toISOString(), target: target.url, attempt: job.attempt, status: 'dead-letter', httpStatus: s, error: 'not retried: the receiver refused it' });
    throw new NonRetryableError(`webhook refused the delivery: HTTP ${s}`);
  }
  throw new RetryableError(`webhook delivery failed: ${result.error ?? 'unknown error'}`);
}
