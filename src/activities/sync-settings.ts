import type { RetryPolicy } from '../integrations/integration';
import type { RecordLifecycle } from '../integrations/record-lifecycle';

/** Retry policy of one target, in the shape the workflow hands to proxyActivities. */
export type TargetRetryPolicy = RetryPolicy;

/**
 * Settings the workflow needs from the worker's environment and the integration's declaration. Read once per run
 * through a local activity, so the value is recorded in history and replays deterministically even if the
 * environment changes.
 */
export interface SyncSettings {
  /** By target resource (`project-tool/projects`); histories from before targets had resources key by system. */
  retryPolicies: Record<string, TargetRetryPolicy>;
  /** startToClose timeout of one target write (one attempt), unless `writeTimeouts` names the target. */
  writeTimeoutMs: number;
  /** Per target resource, where the integration declares its own write timeout. */
  writeTimeouts?: Record<string, number>;
  /**
   * The task queue of writes to each rate-limited target (src/flow-control/). Absent for targets without a limit,
   * and in settings recorded before limits existed: their writes go to the workflow's own queue.
   */
  writeTaskQueues?: Record<string, string>;
  /** Read every write back and compare it with what was intended. */
  verifyWrites: boolean;
  dedupWindowMs: number;
  continueAsNewAfterEvents: number;
  /**
   * What each event type does (onboard, update, archive, park). Absent in histories recorded before lifecycles,
   * and for integrations that declare none: every event onboards, each target is written once.
   */
  lifecycle?: RecordLifecycle;
  /** ALERT_RETRY_WINDOW. Absent from settings recorded before it existed: 24 h, the window of that time. */
  alertRetryWindowMs?: number;
  /** The integration declares anomaly checks and they are on: records are scored before their writes. */
  anomalyChecks?: boolean;
  /** ANOMALY_BASELINE_WAIT: how long scoring waits for an unreachable baseline before holding the record. */
  anomalyBaselineWaitMs?: number;
  /** Set when the integration looks references up before mapping: the look-up activity's policy. */
  lookup?: { retry: TargetRetryPolicy; timeoutMs: number };
}
