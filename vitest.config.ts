import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: suites that start servers and browsers are heavier than they look.
    maxWorkers: 2,
    env: { DOTENV_CONFIG_QUIET: 'true', TRUSTLENS_LOG_LEVEL: 'silent' },
  },
});
