// Child process: the real Loudwire worker (createLoudwireWorker), with the benchmark's pre-built workflow
// bundle and any worker tuning under test.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadEnvironment } from '../../src/config/environment';
import { createLogger } from '../../src/logging/logger';
import { reportReady } from '../../src/temporal/report-ready';
import { createLoudwireWorker } from '../../src/worker';
import { readWorkerTuning } from './worker-tuning';

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = loadEnvironment();
const logger = createLogger('bench-worker');
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
const worker = await createLoudwireWorker({
  connection,
  env,
  logger,
  workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
  tuning: readWorkerTuning(process.env),
});
const running = worker.run();
reportReady();
await running;
await connection.close();
