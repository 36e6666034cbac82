// Which real services the tests may use. Suites that need one call `needs(...)`:
// - service configured → the suite runs against it;
// - not configured, TRUSTLENS_TEST_REQUIRE_SERVICES unset (a developer's machine) → the suite is
//   skipped and the skip is printed loudly with how to enable it;
// - not configured and TRUSTLENS_TEST_REQUIRE_SERVICES=1 (CI) → the suite fails.
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export const services = {
  /** mongodb://127.0.0.1:PORT of a MongoDB-protocol server (FerretDB in CI). */
  mongo: process.env.TRUSTLENS_TEST_MONGO_URL || undefined,
  /** redis://127.0.0.1:PORT */
  redis: process.env.TRUSTLENS_TEST_REDIS_URL || undefined,
  chromium: firstExisting([process.env.TRUSTLENS_TEST_CHROMIUM, '/usr/bin/chromium']),
};

const requireAll = process.env.TRUSTLENS_TEST_REQUIRE_SERVICES === '1';

const HOW: Record<keyof typeof services, string> = {
  mongo: 'set TRUSTLENS_TEST_MONGO_URL=mongodb://127.0.0.1:27017 (FerretDB or MongoDB; .ci/run starts one)',
  redis: 'set TRUSTLENS_TEST_REDIS_URL=redis://127.0.0.1:6379 (.ci/run starts one)',
  chromium: 'apt-get install -y chromium, or set TRUSTLENS_TEST_CHROMIUM',
};

/** describe() that needs real services; see the header comment for what happens without them. */
export function describeWith(
  needed: (keyof typeof services)[],
  name: string,
  body: () => void,
): void {
  const missing = needed.filter((s) => !services[s]);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const why = missing.map((m) => `${m}: ${HOW[m]}`).join('; ');
  if (requireAll) {
    describe(name, () => {
      it('has its services', () => {
        throw new Error(`required service unavailable (TRUSTLENS_TEST_REQUIRE_SERVICES=1): ${why}`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED suite "${name}": service unavailable. To run it, ${why}\n`);
  describe.skip(name, body);
}

function firstExisting(paths: (string | undefined)[]): string | undefined {
  return paths.find((p) => p && existsSync(p));
}

/** A name unique to this test run, for queue names, database names and folders. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
