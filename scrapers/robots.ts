// robots.txt rules, fetched once per origin and cached. A robots.txt that is missing (4xx) allows
// everything; one that fails with 5xx disallows everything for now (Google's rule: a server in
// trouble should not be crawled); a network error is not cached, so the next request tries again.
import robotsParser from 'robots-parser';

export type RobotsRules = { isAllowed(url: string, ua?: string): boolean | undefined; getCrawlDelay(ua?: string): number | undefined };

export type RobotsVerdict =
  | { kind: 'rules'; rules: RobotsRules }
  | { kind: 'allow-all' }
  | { kind: 'deny-all'; why: string };

export function parseRobots(robotsUrl: string, body: string): RobotsRules {
  return (robotsParser as unknown as (url: string, txt: string) => RobotsRules)(robotsUrl, body);
}

export interface RobotsCache {
  verdict(origin: string): Promise<RobotsVerdict>;
}

export function createRobotsCache(
  load: (robotsUrl: string) => Promise<{ status: number; body: string }>,
  ttlMs = 60 * 60 * 1000,
  now: () => number = Date.now,
): RobotsCache {
  const cache = new Map<string, { at: number; verdict: Promise<RobotsVerdict> }>();
  return {
    verdict(origin) {
      const hit = cache.get(origin);
      if (hit && now() - hit.at < ttlMs) return hit.verdict;
      const robotsUrl = `${origin}/robots.txt`;
      const verdict = load(robotsUrl).then((res): RobotsVerdict => {
        if (res.status >= 200 && res.status < 300) return { kind: 'rules', rules: parseRobots(robotsUrl, res.body) };
        if (res.status >= 500 || res.status === 429) return { kind: 'deny-all', why: `robots.txt answered ${res.status}` };
        return { kind: 'allow-all' };
      });
      cache.set(origin, { at: now(), verdict });
      verdict.catch(() => cache.delete(origin));
      return verdict;
    },
  };
}
