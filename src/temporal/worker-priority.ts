import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from '../logging/logger';

// Where the API and the worker share a host's cores (npm start, one docker-compose host), a burst of webhooks
// and the records it starts compete for the same CPU, and a webhook's answer waits in the run queue behind
// workflow tasks that could as well run a second later: Temporal holds every accepted record durably. A worker
// with a lower scheduling priority (a higher nice value) takes the cores the API and Temporal leave, so the
// webhook path keeps its short answer and records are processed with the rest (README, "Under overload").
// A worker alone on its host, or in its own container's CPU share, runs as before: nice only orders processes
// competing for the same cores.

/**
 * Lowers the worker's scheduling priority to `nice` (WORKER_NICE, 0–19; 0 leaves it alone). On Linux a nice
 * value belongs to each thread, and threads started later inherit their creator's: so every thread already
 * running (V8's platform threads among them) is set, and the SDK's workflow thread and Temporal core's threads,
 * started from the main thread afterwards, inherit it. Call it before the SDK starts them. A refusal (a
 * container without the right to change priorities) is logged, not fatal: the worker runs at its priority.
 */
export function lowerWorkerPriority(nice: number, logger: Logger): void {
  if (nice === 0) return;
  try {
    for (const thread of threadIds()) setPriority(thread, nice);
    logger.info({ nice }, 'worker runs at a lower CPU priority than the API (WORKER_NICE)');
  } catch (error) {
    logger.warn(
      { nice, error: String(error) },
      'could not lower the worker priority (WORKER_NICE); runs as started',
    );
  }
}

/** Every thread of this process on Linux; elsewhere the process itself (0), which covers all its threads. */
function threadIds(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
