// Creates the demo workspace through the public API (the same validation and schedule hooks a
// user's requests go through): two fictional brands, their launches, and six sources pointing at
// the bundled demo site, each on a short 6-field cron schedule.
import { DEMO_BRANDS, DEMO_LAUNCHES, type DemoBrandKey } from './content.js';
import { CREATOR_RECIPE } from './site.js';
import type { Brand, Launch, Source } from '../core/types.js';

export interface DemoWorkspace {
  brands: Record<DemoBrandKey, Brand>;
  launches: Record<DemoBrandKey, Launch>;
  sources: Source[];
}

export interface WorkspaceOptions {
  /** Base URL of the running TrustLens (http://127.0.0.1:PORT). */
  apiUrl: string;
  /** Base URL of the demo site. */
  siteUrl: string;
  /** When the launches started (ISO). */
  launchStart: string;
  /** Cron for every source; default every 5 seconds. */
  schedule?: string;
  /** Optional API key (when the server requires keys). */
  apiKey?: string;
}

export const DEMO_SCHEDULE = '*/5 * * * * *';

export async function createDemoWorkspace(o: WorkspaceOptions): Promise<DemoWorkspace> {
  const call = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${o.apiUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`demo: POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  };
  const schedule = o.schedule ?? DEMO_SCHEDULE;
  const brands = {} as Record<DemoBrandKey, Brand>;
  const launches = {} as Record<DemoBrandKey, Launch>;
  const sources: Source[] = [];
  for (const key of ['maya', 'verde'] as const) {
    brands[key] = await call<Brand>('/brands', { ...DEMO_BRANDS[key], values: [...DEMO_BRANDS[key].values], claims: [...DEMO_BRANDS[key].claims],
      forbiddenClaims: [...DEMO_BRANDS[key].forbiddenClaims], keywords: [...DEMO_BRANDS[key].keywords], handles: [...DEMO_BRANDS[key].handles],
      competitors: [...DEMO_BRANDS[key].competitors], languages: [...DEMO_BRANDS[key].languages] });
  }
  for (const key of ['maya', 'verde'] as const) {
    const l = DEMO_LAUNCHES[key];
    launches[key] = await call<Launch>('/launches', { brandId: brands[key].id, name: l.name, type: l.type, startAt: o.launchStart,
      products: [...l.products], keywords: [...l.keywords], price: l.price, promises: [...l.promises] });
  }
  const product = { maya: 'lune-advent-calendar', verde: 'every-shade-foundation' } as const;
  for (const key of ['maya', 'verde'] as const) {
    const name = DEMO_BRANDS[key].name;
    // Brand-wide chatter carries no launch, so the brand has a baseline from before the launch.
    sources.push(await call<Source>('/sources', { brandId: brands[key].id, name: `${name} news and social`, kind: 'feed',
      url: `${o.siteUrl}/feeds/${key}.rss`, mentionKind: 'social', schedule }));
    sources.push(await call<Source>('/sources', { brandId: brands[key].id, launchId: launches[key].id, name: `${DEMO_LAUNCHES[key].name} reviews`,
      kind: 'schema-reviews', url: `${o.siteUrl}/shop/${product[key]}/reviews`, mentionKind: 'review', schedule, recipe: { maxPages: 3 } }));
    sources.push(await call<Source>('/sources', { brandId: brands[key].id, launchId: launches[key].id, name: `${DEMO_LAUNCHES[key].name} influencer posts`,
      kind: 'recipe', url: `${o.siteUrl}/creators/${key}`, mentionKind: 'influencer', schedule, recipe: CREATOR_RECIPE }));
  }
  return { brands, launches, sources };
}
