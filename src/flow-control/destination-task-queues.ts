import type { LoudwireEnvironment } from '../config/environment';
import { destinationOf, type DestinationKey } from '../config/rate-limit-settings';
import { systemOfTarget, type TargetKey } from '../systems/kit/target-resource';
import type { BackoffDestination } from './destination-backoff';

/**
 * The task queue of a rate-limited destination's writes: `<TEMPORAL_TASK_QUEUE>/<destination>`
 * (`loudwire/project-tool`, `loudwire/project-tool/projects`). Temporal's matching service dispatches its
 * activities at the destination's rate to every worker polling it, so the limit holds across all workflows and
 * all worker processes (src/flow-control/destination-workers.ts).
 */
export function destinationTaskQueue(baseTaskQueue: string, destination: DestinationKey): string {
  return `${baseTaskQueue}/${destination}`;
}

/**
 * The task queue of each listed target whose destination is rate-limited; targets without a limit are absent
 * (their writes stay on the main queue, as before limits existed).
 */
export function writeTaskQueuesOf(
  env: LoudwireEnvironment,
  targets: readonly TargetKey[],
): Record<string, string> {
  return Object.fromEntries(
    targets.flatMap((target) => {
      const destination = destinationOf(env.destinationRateLimits, target);
      return destination ? [[target, destinationTaskQueue(env.TEMPORAL_TASK_QUEUE, destination)]] : [];
    }),
  );
}

/** The destination a write's 429s pause: its rate-limited destination (paced at its rate), else its system. */
export function backoffDestinationOf(env: LoudwireEnvironment, target: TargetKey): BackoffDestination {
  const destination = destinationOf(env.destinationRateLimits, target);
  if (destination === undefined) return { key: systemOfTarget(target), spacingMs: 0 };
  return { key: destination, spacingMs: 1_000 / env.destinationRateLimits[destination]! };
}
