import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How workflows call `sendAlert`: retried with backoff until it lands (capped at 30 s between attempts, for a
 * day), because an alert that is lost is exactly the silent failure Loudwire exists to prevent.
 */
export const alertActivityOptions: ActivityOptions = {
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '24h',
  // No maximumAttempts: unlimited attempts, bounded by scheduleToCloseTimeout.
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
};
