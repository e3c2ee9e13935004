import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from './activities/create-activities';
import { ConfigurationError, loadEnvironment, type LoudwireEnvironment } from './config/environment';
import { createTargetConnectors } from './connectors/registry';
import { createLogger, type Logger } from './logging/logger';
import { isMainModule } from './temporal/run-as-main';
import { workflowsPath } from './temporal/workflows-path';

export interface LoudwireWorkerOptions {
  connection: NativeConnection;
  env: LoudwireEnvironment;
  logger: Logger;
  /** A pre-built workflow bundle (tests build one per run); by default the worker bundles `src/workflows`. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Worker tuning passed through to the SDK (e.g. concurrency limits for benchmarks). */
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
}

/** A worker serving every Loudwire workflow and activity on the configured task queue. */
export async function createLoudwireWorker(options: LoudwireWorkerOptions): Promise<Worker> {
  const { env, logger } = options;
  return Worker.create({
    connection: options.connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities({ env, logger, connectors: createTargetConnectors(env, logger) }),
    ...options.tuning,
  });
}

async function main(): Promise<void> {
  const logger = createLogger('worker');
  let env: LoudwireEnvironment;
  try {
    env = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    throw error;
  }
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await createLoudwireWorker({ connection, env, logger });
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, temporal: env.TEMPORAL_ADDRESS }, 'worker started');
  // Worker.run() stops polling on SIGINT/SIGTERM and resolves once in-flight tasks finish.
  await worker.run();
  await connection.close();
  logger.info('worker stopped');
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    createLogger('worker').fatal({ error: String(error) }, 'worker crashed');
    process.exit(1);
  });
}
