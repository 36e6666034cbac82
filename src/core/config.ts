// One table of TRUSTLENS_* environment variables: name, default, one-line doc, validation.
// The README's configuration table is checked against this table by a test.
import { z } from 'zod';
import { ConfigError } from './errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every variable TrustLens reads. Keys are the config field names. */
export const CONFIG_TABLE = {
  mode: {
    env: 'TRUSTLENS_MODE', default: 'embedded',
    doc: '`embedded` (one process, SQLite, in-process queue) or `queue` (MongoDB + Redis/bull, api and worker processes).',
    schema: z.enum(['embedded', 'queue']),
  },
  storeUrl: {
    env: 'TRUSTLENS_STORE_URL', default: '',
    doc: 'Where data lives: empty = `DATA_DIR/trustlens.db`; `sqlite:PATH`; or `mongodb://…` (queue mode).',
    schema: z.string().refine((v) => v === '' || /^(sqlite:.+|mongodb(\+srv)?:\/\/.+)$/.test(v), 'expected empty, sqlite:PATH or mongodb://…'),
  },
  redisUrl: {
    env: 'TRUSTLENS_REDIS_URL', default: 'redis://127.0.0.1:6379',
    doc: 'Redis for bull queues (queue mode only).',
    schema: z.string().regex(/^rediss?:\/\/.+/, 'expected redis://host:port'),
  },
  queuePrefix: {
    env: 'TRUSTLENS_QUEUE_PREFIX', default: 'trustlens',
    doc: 'Prefix of the Redis keys of the bull queues (several deployments can share one Redis).',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
  },
  jobLockMs: {
    env: 'TRUSTLENS_JOB_LOCK_MS', default: '30000',
    doc: 'Queue mode: how long a running job stays locked to its worker; a job whose worker died is picked up again after this.',
    schema: int(1000, 3_600_000),
  },
  port: {
    env: 'TRUSTLENS_PORT', default: '8080',
    doc: 'HTTP port of the API and dashboard (0 = any free port).',
    schema: int(0, 65535),
  },
  host: {
    env: 'TRUSTLENS_HOST', default: '127.0.0.1',
    doc: 'Bind address. Anything but loopback requires API keys.',
    schema: z.string().min(1),
  },
  dataDir: {
    env: 'TRUSTLENS_DATA_DIR', default: './data',
    doc: 'Folder for the SQLite file and other local state.',
    schema: z.string().min(1),
  },
  logLevel: {
    env: 'TRUSTLENS_LOG_LEVEL', default: 'info',
    doc: 'pino log level.',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  },
  chromiumPath: {
    env: 'TRUSTLENS_CHROMIUM_PATH', default: '/usr/bin/chromium',
    doc: 'Chromium executable for browser sources.',
    schema: z.string().min(1),
  },
  browserPages: {
    env: 'TRUSTLENS_BROWSER_PAGES', default: '4',
    doc: 'Pages the browser pool keeps open at most (its concurrency cap).',
    schema: int(1, 64),
  },
  userAgent: {
    env: 'TRUSTLENS_USER_AGENT', default: 'TrustLensBot/0.1 (brand monitoring; honours robots.txt)',
    doc: 'User agent sent by scrapers and matched against robots.txt.',
    schema: z.string().min(3),
  },
  fetchTimeoutMs: {
    env: 'TRUSTLENS_FETCH_TIMEOUT_MS', default: '20000',
    doc: 'Timeout of one HTTP request, in ms.',
    schema: int(100, 600_000),
  },
  fetchMaxBytes: {
    env: 'TRUSTLENS_FETCH_MAX_BYTES', default: '5242880',
    doc: 'Largest response body a scraper accepts, in bytes.',
    schema: int(1024, 1_073_741_824),
  },
  hostDelayMs: {
    env: 'TRUSTLENS_HOST_DELAY_MS', default: '1000',
    doc: 'Minimum delay between two requests to the same host, in ms.',
    schema: int(0, 3_600_000),
  },
  hostConcurrency: {
    env: 'TRUSTLENS_HOST_CONCURRENCY', default: '2',
    doc: 'Requests in flight to one host at most.',
    schema: int(1, 64),
  },
  workerConcurrency: {
    env: 'TRUSTLENS_WORKER_CONCURRENCY', default: '2',
    doc: 'Jobs one worker process runs at once per queue.',
    schema: int(1, 256),
  },
  scheduleJitterSec: {
    env: 'TRUSTLENS_SCHEDULE_JITTER_SEC', default: '30',
    doc: 'Random delay of up to this many seconds added to each scheduled scrape, so sources do not fire at once.',
    schema: int(0, 3600),
  },
  corsOrigins: {
    env: 'TRUSTLENS_CORS_ORIGINS', default: '',
    doc: 'Comma-separated origins allowed by CORS (empty = same origin only).',
    schema: z.string(),
  },
  requireKeys: {
    env: 'TRUSTLENS_REQUIRE_KEYS', default: 'false',
    doc: 'Require API keys even on loopback (always required on other addresses).',
    schema: bool,
  },
} as const;

type Table = typeof CONFIG_TABLE;
export type Config = { [K in keyof Table]: z.output<Table[K]['schema']> };

/** Validates the environment. Throws ConfigError naming every bad variable and what is allowed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(CONFIG_TABLE)) {
    const raw = env[spec.env];
    const value = raw === undefined || raw === '' ? spec.default : raw;
    const parsed = (spec.schema as z.ZodType).safeParse(value);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${spec.env}=${JSON.stringify(raw)}: ${describe(parsed.error)} (${spec.doc})`);
  }
  const unknown = Object.keys(env).filter((k) => k.startsWith('TRUSTLENS_') && !KNOWN.has(k) && !k.startsWith('TRUSTLENS_TEST_'));
  for (const k of unknown) problems.push(`${k}: unknown variable (known: ${[...KNOWN].join(', ')})`);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const config = out as Config;
  if (config.mode === 'queue' && !config.storeUrl.startsWith('mongodb')) {
    throw new ConfigError('Invalid configuration:\n  TRUSTLENS_STORE_URL: queue mode needs a mongodb:// URL (workers in several processes share one store)');
  }
  return config;
}

const KNOWN: ReadonlySet<string> = new Set<string>(Object.values(CONFIG_TABLE).map((s) => s.env));

function describe(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The configuration table as Markdown (the README embeds it; `trustlens config --markdown` prints it). */
export function configMarkdown(): string {
  const rows = Object.values(CONFIG_TABLE).map((s) =>
    `| \`${s.env}\` | ${s.default === '' ? '(empty)' : `\`${s.default}\``} | ${s.doc.replace(/\|/g, '\\|')} |`);
  return ['| variable | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
