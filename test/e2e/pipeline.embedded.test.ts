// Embedded mode: one process, SQLite, the in-process queue running the scheduler and workers.
import { startTestServer } from '../support/server.js';
import { pipelineScenario } from './pipeline.scenario.js';

pipelineScenario('embedded: SQLite + in-process queue', async (clock, tuning) => {
  const server = await startTestServer({ TRUSTLENS_HOST_DELAY_MS: '0', TRUSTLENS_SCHEDULE_JITTER_SEC: '0' }, { clock, tuning });
  return { server, close: () => server.close() };
});
