// Child process: the real Loudwire worker (createLoudwireWorker), with the benchmark's pre-built workflow
// bundle and any worker tuning under test.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadEnvironment } from '../../src/config/environment';
import { createLogger } from '../../src/logging/logger';
import { connectWorkerConnection } from '../../src/temporal/connect-worker-connection';
import { reportReady } from '../../src/temporal/report-ready';
import { createLoudwireWorker } from '../../src/worker';
import { readWorkerTuning } from './worker-tuning';

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = loadEnvironment();
const logger = createLogger('bench-worker');
const connection = await connectWorkerConnection(env);
const worker = await createLoudwireWorker({
  connection,
  env,
  logger,
  workflowBundle: { codePath: process.env.BENCH_WORKFLOW_BUNDLE! },
  tuning: readWorkerTuning(process.env),
});
const running = worker.run();
answerMemoryRequests();
reportReady();
await running;
await connection.close();

/**
 * Answers `{type: 'memory'}` with this process's memory after a full garbage collection, so the benchmark can
 * tell the JavaScript heap (workflow cache, activity garbage) from native memory (Temporal core, buffers).
 */
function answerMemoryRequests(): void {
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'memory') return;
    collectGarbage();
    process.send?.({ type: 'memory', memory: process.memoryUsage() });
  });
}
