import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities';
import type { LoudwireEnvironment } from '../config/environment';
import { loudwireDataConverter } from '../encryption/loudwire-data-converter';
import type { Logger } from '../logging/logger';
import { systems } from '../systems/registry';
import { connectSystems } from '../systems/system-connections';
import { destinationTaskQueue } from './destination-task-queues';

export interface DestinationWorkersOptions {
  connection: NativeConnection;
  env: LoudwireEnvironment;
  logger: Logger;
}

/**
 * One activity-only worker per rate-limited destination, polling its task queue with the destination's limit
 * (`maxTaskQueueActivitiesPerSecond`). The limit is enforced by the Temporal server for the queue as a whole, so
 * every worker process shares one budget per destination; every worker sets the same value (the server keeps the
 * last poller's), which holds because they all read it from the same variable. None when no limit is set.
 */
export async function createDestinationWorkers(options: DestinationWorkersOptions): Promise<Worker[]> {
  const { env, logger } = options;
  const limits = Object.entries(env.destinationRateLimits);
  if (limits.length === 0) return [];
  const connections = connectSystems(systems, env.systems, { timeoutMs: env.TARGET_HTTP_TIMEOUT, logger });
  const activities = createActivities({ env, logger, connections, systems });
  return Promise.all(
    limits.map(([destination, perSecond]) =>
      Worker.create({
        connection: options.connection,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: destinationTaskQueue(env.TEMPORAL_TASK_QUEUE, destination),
        dataConverter: loudwireDataConverter(env.PAYLOAD_ENCRYPTION_KEYS),
        // Only the writes are routed here; the other activities come along so a worker never refuses one.
        activities,
        maxTaskQueueActivitiesPerSecond: perSecond,
        // A write holds its slot while it waits for its turn or a vendor's Retry-After and through its three
        // calls: ten seconds' worth keeps a slow vendor or a busy machine from leaving dispatched budget unused.
        maxConcurrentActivityTaskExecutions: Math.max(10, Math.ceil(perSecond * 10)),
        shutdownGraceTime: env.WORKER_SHUTDOWN_GRACE ?? env.TARGET_HTTP_TIMEOUT * 4 + 5_000,
      }),
    ),
  );
}
