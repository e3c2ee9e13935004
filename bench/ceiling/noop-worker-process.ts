// Child process: a worker for the no-op ceiling workflow, on its own task queue, with the same tuning as the
// Loudwire worker under test.
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadEnvironment } from '../../src/config/environment';
import { loudwireDataConverter } from '../../src/encryption/loudwire-data-converter';
import { connectWorkerConnection } from '../../src/temporal/connect-worker-connection';
import { reportReady } from '../../src/temporal/report-ready';
import { readWorkerTuning } from '../stack/worker-tuning';
import { createNoopActivities } from './noop-activities';

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = loadEnvironment();
const connection = await connectWorkerConnection(env);
const worker = await Worker.create({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
  workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
  // Payloads arrive encrypted, as Loudwire's do: the ceiling pays the same codec.
  dataConverter: loudwireDataConverter(env.PAYLOAD_ENCRYPTION_KEYS),
  activities: createNoopActivities(),
  ...readWorkerTuning(process.env),
});
const running = worker.run();
reportReady();
await running;
await connection.close();
