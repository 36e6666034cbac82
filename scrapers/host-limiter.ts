// Per-host politeness: at most `concurrency` requests in flight to one host, and at least
// `delayMs` between the starts of two requests to it. Waiters are served in arrival order.

export interface HostLimiter {
  /** Waits for a slot on the host; call the returned function when the request is done. */
  acquire(host: string): Promise<() => void>;
}

interface HostState {
  active: number;
  nextStartAt: number;
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

  function release(host: string, state: HostState): void {
    // Hand the slot straight to the next waiter so no newcomer can squeeze in between.
    const next = state.waiters.shift();
    if (next) return next();
    state.active--;
    if (state.active === 0 && state.nextStartAt <= now()) hosts.delete(host);
  }

  return {
    async acquire(host) {
      let state = hosts.get(host);
      if (!state) hosts.set(host, (state = { active: 0, nextStartAt: 0, waiters: [] }));
      if (state.active >= opts.concurrency || state.waiters.length > 0) {
        await new Promise<void>((resolve) => state!.waiters.push(resolve));
      } else {
        state.active++;
      }
      // Reserve the start time before sleeping so concurrent acquirers space themselves out.
      const startAt = Math.max(now(), state.nextStartAt);
      state.nextStartAt = startAt + opts.delayMs;
      const wait = startAt - now();
      if (wait > 0) await opts.sleep(wait);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release(host, state!);
      };
    },
  };
}
