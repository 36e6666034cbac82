// Per-host politeness: at most `concurrency` requests in flight to one host, and at least
// `delayMs` between the starts of two requests to it. Waiters are served in arrival order.

export interface HostLimiter {
  /** Waits for a slot on the host; call the returned function when the request is done. */
  acquire(host: string): Promise<() => void>;
  /** Raises the minimum delay for one host (robots.txt Crawl-delay); never lowers it below the default. */
  setMinDelay(host: string, ms: number): void;
  /** The minimum delay between starts to the host now in force (default or Crawl-delay, the larger). */
  delayOf(host: string): number;
}

interface HostState {
  active: number;
  lastStartAt: number;
  gate: Promise<void>;
  waiters: (() => void)[];
}

export function createHostLimiter(opts: {
  concurrency: number;
  delayMs: number;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
}): HostLimiter {
  const now = opts.now ?? Date.now;
  const hosts = new Map<string, HostState>();
  const delays = new Map<string, number>();
  const delayOf = (host: string) => Math.max(opts.delayMs, delays.get(host) ?? 0);

  function release(host: string, state: HostState): void {
    // Hand the slot straight to the next waiter so no newcomer can squeeze in between.
    const next = state.waiters.shift();
    if (next) return next();
    state.active--;
    if (state.active === 0 && state.lastStartAt + delayOf(host) <= now()) hosts.delete(host);
  }

  return {
    setMinDelay(host, ms) {
      delays.set(host, ms);
    },
    delayOf,
    async acquire(host) {
      let state = hosts.get(host);
      if (!state) hosts.set(host, (state = { active: 0, lastStartAt: -Infinity, gate: Promise.resolve(), waiters: [] }));
      if (state.active >= opts.concurrency || state.waiters.length > 0) {
        await new Promise<void>((resolve) => state!.waiters.push(resolve));
      } else {
        state.active++;
      }
      // Starts go through a per-host gate one at a time, each measured from the previous actual
      // start: late timers on a busy machine can then never bunch two requests together.
      const s = state;
      const turn = s.gate.then(async () => {
        const wait = s.lastStartAt + delayOf(host) - now();
        if (wait > 0) await opts.sleep(wait);
        s.lastStartAt = now();
      });
      s.gate = turn.catch(() => {});
      await turn;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release(host, state!);
      };
    },
  };
}
