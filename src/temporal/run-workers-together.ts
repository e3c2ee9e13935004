import type { Worker } from '@temporalio/worker';

/**
 * Runs workers of one process as a unit: when one stops (shut down, or failed) the others are shut down too, and
 * the result is the first failure, if any. A process never keeps writing to a destination queue without its
 * record workflows, or the reverse.
 */
export async function runWorkersTogether(workers: readonly Worker[]): Promise<void> {
  const stopAll = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const runs = workers.map((worker) => worker.run().finally(stopAll));
  const results = await Promise.allSettled(runs);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
