import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_TABLE, loadConfig } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';

describe('config', () => {
  it('has safe defaults: embedded mode on loopback', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'embedded', host: '127.0.0.1', port: 8080, storeUrl: '', requireKeys: false });
  });

  it('stops start-up on a bad value, naming the variable and what is allowed', () => {
    expect(() => loadConfig({ TRUSTLENS_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTLENS_PORT: '70000' })).toThrow(/TRUSTLENS_PORT="70000"/);
    expect(() => loadConfig({ TRUSTLENS_MODE: 'cluster' })).toThrow(/TRUSTLENS_MODE="cluster": .*embedded.*queue/);
    expect(() => loadConfig({ TRUSTLENS_LOG_LEVEL: 'loud' })).toThrow(/TRUSTLENS_LOG_LEVEL/);
    expect(() => loadConfig({ TRUSTLENS_STORE_URL: 'postgres://x' })).toThrow(/TRUSTLENS_STORE_URL.*mongodb/);
    expect(() => loadConfig({ TRUSTLENS_REQUIRE_KEYS: 'yes' })).toThrow(/TRUSTLENS_REQUIRE_KEYS/);
  });

  it('reports every bad variable at once and unknown TRUSTLENS_ variables too', () => {
    try {
      loadConfig({ TRUSTLENS_PORT: '-1', TRUSTLENS_BROWSER_PAGES: '0', TRUSTLENS_PORTT: '1' });
      expect.unreachable();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('TRUSTLENS_PORT=');
      expect(msg).toContain('TRUSTLENS_BROWSER_PAGES=');
      expect(msg).toContain('TRUSTLENS_PORTT: unknown variable');
    }
  });

  it('requires a MongoDB store in queue mode', () => {
    expect(() => loadConfig({ TRUSTLENS_MODE: 'queue' })).toThrow(/queue mode needs a mongodb/);
    expect(loadConfig({ TRUSTLENS_MODE: 'queue', TRUSTLENS_STORE_URL: 'mongodb://127.0.0.1:27017/t' }).mode).toBe('queue');
  });

  it('is documented in the README, variable by variable, with the same defaults', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const spec of Object.values(CONFIG_TABLE)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${spec.env}\``));
      expect(row, `${spec.env} missing from the README table`).toBeDefined();
      expect(row).toContain(spec.default === '' ? '(empty)' : `\`${spec.default}\``);
    }
  });
});
