import type { TargetSystem } from '../integrations/integration';

/** Retry policy of one target, in the shape the workflow hands to proxyActivities. */
export interface TargetRetryPolicy {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

/**
 * Settings the workflow needs from the worker's environment. Read once per run through a local activity, so
 * the value is recorded in history and replays deterministically even if the environment changes.
 */
export interface SyncSettings {
  retryPolicies: Record<TargetSystem, TargetRetryPolicy>;
  /** startToClose timeout of one target write (one attempt). */
  writeTimeoutMs: number;
  /** Read every write back and compare it with what was intended. */
  verifyWrites: boolean;
  dedupWindowMs: number;
  continueAsNewAfterEvents: number;
  /** ALERT_RETRY_WINDOW. Absent from settings recorded before it existed: 24 h, the window of that time. */
  alertRetryWindowMs?: number;
}
