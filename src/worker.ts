import {
  bundleWorkflowCode,
  DefaultLogger,
  type NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { createAnomalyActivities } from './activities/anomaly-activities';
import { createApprovalActivities } from './activities/approval-activities';
import { createActivities } from './activities/create-activities';
import { createBatchActivities } from './batch/create-batch-activities';
import type { LoudwireEnvironment } from './config/environment';
import { loadEnvironmentOrExit } from './config/load-environment-or-exit';
import { loudwireDataConverter } from './encryption/loudwire-data-converter';
import { tracingWorkerOptions } from './observability/temporal-tracing-interceptors';
import { currentTracing, installTracing } from './observability/tracing';
import {
  freeLoopbackPort,
  serveWorkerMetrics,
  temporalSdkTelemetry,
} from './observability/worker-metrics-server';
import { batchIntegrations } from './integrations/registry';
import { createLogger, type Logger } from './logging/logger';
import { temporalSdkLogger } from './logging/temporal-sdk-logger';
import { connectWithBackoff, ConnectAborted, type ReconnectDelays } from './temporal/connect-with-backoff';
import { connectWorkerConnection } from './temporal/connect-worker-connection';
import {
  describeTemporalConnection,
  temporalConnectionSettings,
} from './temporal/temporal-connection-options';
import { prebuiltWorkflowBundle } from './temporal/compiled-entry-points';
import { isMainModule } from './temporal/run-as-main';
import { reportReady } from './temporal/report-ready';
import { loudwireWorkflowBundleOptions } from './temporal/bundle-options';
import { systems } from './systems/registry';
import { connectSystems } from './systems/system-connections';
import { createDestinationWorkers } from './flow-control/destination-workers';
import { runWorkersTogether } from './temporal/run-workers-together';
import { applyWorkerHeapSettings } from './temporal/worker-heap';
import { lowerWorkerPriority } from './temporal/worker-priority';

export interface LoudwireWorkerOptions {
  connection: NativeConnection;
  env: LoudwireEnvironment;
  logger: Logger;
  /** A pre-built workflow bundle (tests build one per run); by default the worker bundles `src/workflows`. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Worker tuning passed through to the SDK (e.g. concurrency limits for benchmarks). */
  tuning?: Pick<
    WorkerOptions,
    'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'
  >;
}

/** A worker serving every Loudwire workflow and activity on the configured task queue. */
export async function createLoudwireWorker(options: LoudwireWorkerOptions): Promise<Worker> {
  const { env, logger } = options;
  // Every system connected once: writes, look-ups, batch reads and credential probes share each client.
  const connections = connectSystems(systems, env.systems, { timeoutMs: env.TARGET_HTTP_TIMEOUT, logger });
  // Bundle explicitly so webpack's build report stays out of the worker's logs.
  const workflowBundle =
    options.workflowBundle ??
    (await bundleWorkflowCode({ ...loudwireWorkflowBundleOptions, logger: quietBundler }));
  // The patched SDK reads this in the workflow thread, which copies the process environment when it starts.
  process.env.WORKFLOW_STACK_TRACES = env.WORKFLOW_STACK_TRACES;
  return Worker.create({
    connection: options.connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    workflowBundle,
    // Every payload encrypted, failure messages encoded (the bundle carries the same converters).
    dataConverter: loudwireDataConverter(env.PAYLOAD_ENCRYPTION_KEYS),
    activities: {
      ...createActivities({ env, logger, connections, systems }),
      ...createApprovalActivities({ env }),
      ...createAnomalyActivities({ env, logger }),
      ...createBatchActivities({ env, logger, connections, integrations: batchIntegrations }),
    },
    // Records stay open for the dedup window, so most cached workflows are idle: a bounded cache keeps memory flat
    // (an evicted workflow is replayed from history when its next event arrives).
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    // On SIGTERM the worker stops polling and lets in-flight activities finish within this grace: long enough for
    // one target write (lookup, create, read back). A write cut anyway is retried by Temporal on another worker,
    // under the same idempotency key, so it is never left half-done.
    shutdownGraceTime: workerShutdownGraceMs(env),
    // One trace per event: workflow and activity spans continue the API's (src/observability/).
    ...tracingWorkerOptions(),
    ...options.tuning,
  });
}

const quietBundler = new DefaultLogger('WARN');

export interface RunLoudwireWorkerOptions extends Omit<LoudwireWorkerOptions, 'connection'> {
  /** Aborting stops the worker (after its in-flight tasks) or the wait for Temporal. */
  signal?: AbortSignal;
  /** Waits between attempts to reach Temporal. @default 500 ms doubling to 30 s, 10 s per attempt */
  reconnectDelays?: Partial<ReconnectDelays>;
  /** Called each time the worker is connected and polling. */
  onRunning?: () => void;
}

/**
 * Runs a worker for as long as the process lives, whatever Temporal does: it waits for Temporal with backoff
 * when it is unreachable at start (saying so in the log), and reconnects when a running worker loses it. It
 * resolves when `signal` aborts or the SDK shuts the worker down (SIGINT/SIGTERM).
 */
export async function runLoudwireWorker(options: RunLoudwireWorkerOptions): Promise<void> {
  const { env, logger, signal } = options;
  while (!signal?.aborted) {
    let connection: NativeConnection;
    try {
      connection = await connectWithBackoff(() => connectWorkerConnection(env), {
        logger,
        address: env.TEMPORAL_ADDRESS,
        connecting: 'worker',
        signal,
        delays: options.reconnectDelays,
        discardLate: (late) => void late.close().catch(() => undefined),
      });
    } catch (error) {
      if (error instanceof ConnectAborted) return;
      throw error;
    }
    try {
      const worker = await createLoudwireWorker({ ...options, connection });
      // Rate-limited destinations' writes have queues of their own (src/flow-control/), served alongside.
      const workers = [worker, ...(await createDestinationWorkers({ connection, env, logger }))];
      // The SDK may already be stopping them on the same SIGTERM.
      const stop = () => {
        for (const each of workers) if (each.getState() === 'RUNNING') each.shutdown();
      };
      signal?.addEventListener('abort', stop, { once: true });
      const running = runWorkersTogether(workers);
      logger.info(
        {
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          temporal: describeTemporalConnection(temporalConnectionSettings(env)),
          workflows: options.workflowBundle ? 'prebuilt bundle' : 'bundled from source at start',
        },
        'worker started',
      );
      options.onRunning?.();
      try {
        await running;
        return; // shut down on purpose
      } catch (error) {
        if (signal?.aborted) return;
        logger.error(
          { temporal: env.TEMPORAL_ADDRESS, error: String(error) },
          'worker lost Temporal; reconnecting',
        );
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
}

/** WORKER_SHUTDOWN_GRACE, or one write attempt's budget (its start-to-close timeout) plus a margin. */
export function workerShutdownGraceMs(env: LoudwireEnvironment): number {
  return env.WORKER_SHUTDOWN_GRACE ?? env.TARGET_HTTP_TIMEOUT * 4 + 5_000;
}

async function main(): Promise<void> {
  const logger = createLogger('worker');
  const env = loadEnvironmentOrExit(logger);
  // Before the SDK creates its workflow thread, whose heap takes these settings too.
  applyWorkerHeapSettings(env.WORKER_HEAP_GROWING_PERCENT);
  // Before the SDK starts its threads, so they inherit it.
  lowerWorkerPriority(env.WORKER_NICE, logger);
  installTracing(env, 'loudwire-worker');
  const sdkMetricsAddress = env.WORKER_METRICS_PORT ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
  Runtime.install({
    // Workflow, activity and SDK log lines become the same structured, redacted JSON lines as ours.
    logger: temporalSdkLogger(logger, process.env.LOG_LEVEL),
    ...(sdkMetricsAddress ? { telemetryOptions: temporalSdkTelemetry(sdkMetricsAddress) } : {}),
  });
  const metricsServer = sdkMetricsAddress ? serveWorkerMetrics(env, sdkMetricsAddress, logger) : undefined;
  // The SDK stops a running worker on these signals itself; this also ends a wait for an unreachable Temporal.
  const stopping = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => stopping.abort());
  // Compiled (dist/worker.js): the workflow bundle built with it; from source: bundled now from src/workflows.
  const workflowBundle = prebuiltWorkflowBundle(import.meta.url);
  await runLoudwireWorker({
    env,
    logger,
    signal: stopping.signal,
    onRunning: () => reportReady(),
    ...(workflowBundle ? { workflowBundle } : {}),
  });
  metricsServer?.close();
  await currentTracing().shutdown();
  logger.info('worker stopped');
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    createLogger('worker').fatal({ error: String(error) }, 'worker crashed');
    process.exit(1);
  });
}
