import type { LoudwireEnvironment } from '../config/environment';
import type { AnyIntegration, RetryPolicy, TargetKey } from '../integrations/integration';
import { systemOfTarget } from '../systems/kit/target-resource';

/** Engine default when a system has no retry settings (never for a registered system). */
const fallbackRetry: RetryPolicy = {
  maximumAttempts: 8,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
};

/**
 * The retry policy of an integration's calls to a target resource: the system's `<SYSTEM>_RETRY_*` settings,
 * overridden field by field by what the integration declares for that resource.
 */
export function targetRetryPolicy(
  env: LoudwireEnvironment,
  integration: AnyIntegration,
  target: TargetKey,
): RetryPolicy {
  return {
    ...(env.systemRetry[systemOfTarget(target)] ?? fallbackRetry),
    ...integration.targetPolicies?.[target]?.retry,
  };
}

/** The retry policy of calls to a system as a whole (reads of a source, look-ups): its `<SYSTEM>_RETRY_*`. */
export function systemRetryPolicy(env: LoudwireEnvironment, system: string): RetryPolicy {
  return env.systemRetry[system] ?? fallbackRetry;
}

/** One write attempt may refresh a token, look up, create and read back: leave room for all of them. */
export function defaultWriteTimeoutMs(env: LoudwireEnvironment): number {
  return env.TARGET_HTTP_TIMEOUT * 4 + 1_000;
}
