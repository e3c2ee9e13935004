// Child process: the Loudwire worker exactly as `npm run start:worker` runs it (runLoudwireWorker: waits for an
// unreachable Temporal, reconnects), with one difference: a workflow bundle built once per chaos run, so a worker
// SIGKILLed every 20 s does not spend its restarts (and the machine's CPU) bundling the same code again.
import { Runtime } from '@temporalio/worker';
import { loadEnvironment } from '../src/config/environment';
import { createLogger } from '../src/logging/logger';
import { temporalSdkLogger } from '../src/logging/temporal-sdk-logger';
import { reportReady } from '../src/temporal/report-ready';
import { runLoudwireWorker } from '../src/worker';

const logger = createLogger('worker');
Runtime.install({ logger: temporalSdkLogger(logger, process.env.LOG_LEVEL) });
const env = loadEnvironment();
const stopping = new AbortController();
for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => stopping.abort());
await runLoudwireWorker({
  env,
  logger,
  signal: stopping.signal,
  workflowBundle: { codePath: process.env.CHAOS_WORKFLOW_BUNDLE! },
  onRunning: () => reportReady(),
});
