// Runs the whole demo in one process: the bundled demo site, TrustLens on the embedded default
// (a fresh SQLite file), and the demo workspace created through the API. The sources' short
// schedules make the scheduler scrape the site every few seconds; as the site releases the story,
// the pipeline scores, rolls up and detects, and the dashboard shows the calendar turn sour.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../core/config.js';
import type { Alert } from '../core/types.js';
import { startServer, type RunningServer } from '../server.js';
import { startDemoSite, STORY_HOURS, type DemoSite } from './site.js';
import { createDemoWorkspace, type DemoWorkspace } from './workspace.js';

export interface DemoOptions {
  /** TrustLens port (0 = any free port). Default 8080. */
  port?: number;
  /** Simulated hours per real second. Default 1 (the 48-hour story in 48 s). */
  speed?: number;
  /** Keep the data here instead of a temporary folder (must not hold a trustlens.db yet). */
  dataDir?: string;
  /** Extra environment (tests); the demo always runs embedded, on loopback. */
  env?: Record<string, string | undefined>;
  /** Progress lines; default none. */
  log?: (line: string) => void;
  /** Seconds between progress lines. Default 5. */
  progressEverySec?: number;
}

export interface RunningDemo {
  url: string;
  site: DemoSite;
  server: RunningServer;
  workspace: DemoWorkspace;
  dataDir: string;
  close(): Promise<void>;
}

export async function startDemo(o: DemoOptions = {}): Promise<RunningDemo> {
  const temp = !o.dataDir;
  const dataDir = o.dataDir ? resolve(o.dataDir) : mkdtempSync(join(tmpdir(), 'trustlens-demo-'));
  if (!temp && existsSync(join(dataDir, 'trustlens.db'))) {
    throw new Error(`demo: ${join(dataDir, 'trustlens.db')} already exists; the demo starts from a fresh store (delete it or pick another --data folder)`);
  }
  const log = o.log ?? (() => undefined);
  const env = o.env ?? process.env;
  const config = loadConfig({
    ...Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('TRUSTLENS_'))),
    TRUSTLENS_MODE: 'embedded', TRUSTLENS_STORE_URL: '', TRUSTLENS_HOST: '127.0.0.1', TRUSTLENS_REQUIRE_KEYS: 'false',
    TRUSTLENS_PORT: String(o.port ?? 8080), TRUSTLENS_DATA_DIR: dataDir,
    // Sources fire every few seconds and all live on one local host: no jitter, a short politeness delay.
    TRUSTLENS_SCHEDULE_JITTER_SEC: '0', TRUSTLENS_HOST_DELAY_MS: env.TRUSTLENS_HOST_DELAY_MS ?? '100',
    TRUSTLENS_LOG_LEVEL: env.TRUSTLENS_LOG_LEVEL ?? 'warn',
  });
  const site = await startDemoSite({ speed: o.speed });
  let server: RunningServer | undefined;
  let timer: NodeJS.Timeout | undefined;
  const cleanup = async () => {
    if (timer) clearInterval(timer);
    await server?.close().catch(() => undefined);
    await site.close().catch(() => undefined);
    if (temp) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    server = await startServer(config);
    const workspace = await createDemoWorkspace({ apiUrl: server.url, siteUrl: site.url, launchStart: new Date(site.launchStart).toISOString() });
    // The dashboard and reports are mounted by the composition root (src/wiring.ts appExtensions).
    const home = await fetch(`${server.url}/`).catch(() => undefined);
    if (!home || home.status !== 200) log(`demo: the dashboard is not mounted at ${server.url}/ (src/wiring.ts appExtensions.rootRouters needs dashboardRouter); the API works`);
    const store = server.runtime.store;
    const seen = new Set<string>();
    const tick = async () => {
      const [mentions, alerts] = await Promise.all([store.countMentions({}), store.listAlerts({ limit: 50 })]);
      const h = site.simHours();
      log(`demo: hour ${h.toFixed(0).padStart(2)}/${STORY_HOURS} of the launches · ${site.released().length} items on the demo site · ${mentions} mentions stored · ${alerts.filter((a) => a.status === 'open').length} open alerts`);
      for (const a of alerts) if (!seen.has(a.id)) { seen.add(a.id); log(`demo: ALERT ${describe(a, workspace)}`); }
    };
    timer = setInterval(() => { tick().catch((err: Error) => log(`demo: progress check failed: ${err.message}`)); }, (o.progressEverySec ?? 5) * 1000);
    timer.unref();
    return { url: server.url, site, server, workspace, dataDir, close: cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function describe(a: Alert, ws: DemoWorkspace): string {
  const brand = Object.values(ws.brands).find((b) => b.id === a.brandId)?.name ?? a.brandId;
  return `[${a.severity}] ${a.kind} · ${brand}: ${a.title}`;
}
