// Child process: a worker for the no-op ceiling workflow, on its own task queue, with the same tuning as the
// Loudwire worker under test.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { reportReady } from '../../src/temporal/report-ready';
import { readWorkerTuning } from '../stack/worker-tuning';
import { createNoopActivities } from './noop-activities';

Runtime.install({ logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
  workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
  activities: createNoopActivities(),
  ...readWorkerTuning(process.env),
});
const running = worker.run();
reportReady();
await running;
await connection.close();
