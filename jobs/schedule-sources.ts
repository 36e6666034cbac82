// Keeps the queue's cron schedules in step with the sources in the store. Each source fires on
// its own cron, shifted by a stable per-source offset in seconds, so a hundred sources saved with
// the same "*/30 * * * *" do not all hit the network in the same second.
import { createHash } from 'node:crypto';
import type { Source } from '../src/core/types.js';
import type { JobQueue } from '../src/ports/queue.js';

export const SCRAPE_QUEUE = 'scrape';
export const BROWSER_QUEUE = 'browser';

/** Browser sources run on their own queue, so they can live in their own worker process. */
export function queueFor(source: Pick<Source, 'kind'>): string {
  return source.kind === 'browser' ? BROWSER_QUEUE : SCRAPE_QUEUE;
}

export function scheduleKey(sourceId: string): string {
  return `source:${sourceId}`;
}

/** A 5-field cron gets a seconds field: a stable offset in [0, min(59, jitterSec)]. 6-field crons are kept. */
export function jitteredCron(source: Pick<Source, 'id' | 'schedule'>, jitterSec: number): string {
  const fields = source.schedule.trim().split(/\s+/);
  if (fields.length !== 5 || jitterSec <= 0) return source.schedule.trim();
  const span = Math.min(59, jitterSec) + 1;
  const offset = createHash('sha256').update(source.id).digest().readUInt32BE(0) % span;
  return `${offset} ${fields.join(' ')}`;
}

export class SourceScheduler {
  /** What this process last scheduled: source id → cron (jittered). */
  private readonly known = new Map<string, string>();

  constructor(private readonly queue: JobQueue, private readonly jitterSec: number) {}

  async schedule(source: Source): Promise<void> {
    // Unschedule from both queues first: a source whose kind changed moves queues.
    await this.unschedule(source);
    if (!source.enabled) return;
    const cron = jitteredCron(source, this.jitterSec);
    await this.queue.schedule(queueFor(source), scheduleKey(source.id), cron, { sourceId: source.id }, { attempts: 3, backoffMs: 30_000 });
    this.known.set(source.id, `${queueFor(source)} ${cron}`);
  }

  async unschedule(source: Pick<Source, 'id'>): Promise<void> {
    await this.queue.unschedule(SCRAPE_QUEUE, scheduleKey(source.id));
    await this.queue.unschedule(BROWSER_QUEUE, scheduleKey(source.id));
    this.known.delete(source.id);
  }

  async runNow(source: Source): Promise<string> {
    return this.queue.enqueue(queueFor(source), { sourceId: source.id }, { attempts: 3, backoffMs: 5_000, jobId: `run:${source.id}:${Date.now()}` });
  }

  /** At start: every enabled source scheduled (replacing what the queue had), disabled ones removed. */
  async syncAll(sources: Source[]): Promise<void> {
    for (const s of sources) await this.schedule(s);
  }

  /**
   * Catches up with changes made elsewhere (the CLI, another API process): schedules what is new
   * or changed, unschedules what was paused or deleted, and leaves the rest alone.
   */
  async sync(sources: Source[]): Promise<void> {
    const seen = new Set<string>();
    for (const s of sources) {
      seen.add(s.id);
      const want = s.enabled ? `${queueFor(s)} ${jitteredCron(s, this.jitterSec)}` : undefined;
      if (want !== this.known.get(s.id)) await this.schedule(s);
    }
    for (const id of [...this.known.keys()]) if (!seen.has(id)) await this.unschedule({ id });
  }
}
