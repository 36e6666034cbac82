// A small TTL cache with single-flight for report results. Dashboards poll the same reports, and
// 50 viewers opening a brand at once should cost one computation, not 50. Rollups change at ingest,
// so entries live a few seconds only (ttlMs); ttlMs = 0 turns caching off (in-flight requests are
// still shared). Failures are never cached.
export class ReportCache {
  private readonly done = new Map<string, { at: number; value: unknown }>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 200, private readonly now: () => number = Date.now) {}

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.done.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as T;
    const inflight = this.running.get(key);
    if (inflight) return inflight as Promise<T>;
    const p = compute().then((value) => {
      if (this.ttlMs > 0) {
        if (this.done.size >= this.maxEntries) this.done.delete(this.done.keys().next().value!);
        this.done.set(key, { at: this.now(), value });
      }
      return value;
    }).finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }

  clear(): void {
    this.done.clear();
  }
}
