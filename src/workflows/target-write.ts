import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure } from '@temporalio/common';
import { proxyActivities, proxyLocalActivities, sleep, type ActivityOptions } from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';
import type { TargetRetryPolicy } from '../activities/sync-settings';

/**
 * Marks runs whose target writes make their first attempt as a local activity (issue 17). A regular activity
 * costs a record three history events, a task-queue round trip through Temporal and a second workflow task for
 * its completion; a local attempt costs one marker, inside the workflow task that decided to write. The marker
 * shows the write in the Web UI as before: its input, its result or failure, its attempt. An attempt that fails
 * and may be retried hands over to a regular activity after the policy's first interval, with the rest of the
 * target's retry policy, so every later attempt is the pending activity operators already read (attempt count,
 * last failure) and the schedule of attempts is the one the target declared. Writes to a rate-limited target go
 * to its destination's task queue as before: only Temporal's dispatch there enforces the rate.
 *
 * It takes `record-approval-with-mapping` (and so every record patch before it) under its one marker. Runs
 * without it replay as recorded. A patch of a later release is a plain `patched(id)`.
 */
export const localFirstWritesPatch = 'record-local-first-writes';

/** How one target's writes run in this record's run (from its settings and patches). */
export interface TargetWritePlan {
  /** startToClose of one attempt. */
  timeoutMs: number;
  retry: TargetRetryPolicy;
  /** The destination's task queue of a rate-limited target; absent for the run's own queue. */
  taskQueue?: string;
  /** The first attempt runs as a local activity (runs with `localFirstWritesPatch`, targets without a queue). */
  localFirst: boolean;
}

type WriteActivityName = 'deliverToTarget' | 'updateTargetRecord';
type WriteInput<K extends WriteActivityName> = Parameters<LoudwireActivities[K]>[0];
type WriteResult<K extends WriteActivityName> = Awaited<ReturnType<LoudwireActivities[K]>>;

/**
 * Runs one write as the plan says: a local first attempt that hands over to a regular activity when it fails
 * retryably, or a regular activity from the start. Either way the caller sees the failure it always saw, an
 * ActivityFailure around the write's own failure, once the policy gives up or the failure is not retryable.
 */
export async function runTargetWrite<K extends WriteActivityName>(
  plan: TargetWritePlan,
  activity: K,
  input: WriteInput<K>,
): Promise<WriteResult<K>> {
  const regular = (retry: TargetRetryPolicy) =>
    callWrite(proxyActivities<LoudwireActivities>(regularOptions(plan, retry)), activity, input);
  if (!plan.localFirst || plan.taskQueue !== undefined) return regular(plan.retry);
  try {
    return await callWrite(
      proxyLocalActivities<LoudwireActivities>({
        startToCloseTimeout: plan.timeoutMs,
        retry: { maximumAttempts: 1 },
      }),
      activity,
      input,
    );
  } catch (error) {
    const failure = localAttemptFailure(error, activity, plan.retry);
    if (failure.retryState !== RetryState.IN_PROGRESS) throw failure;
    // The policy's own wait before its second attempt (a vendor's Retry-After is honoured by the attempt itself:
    // src/flow-control/destination-backoff.ts).
    await sleep(Math.min(plan.retry.initialIntervalMs, plan.retry.maximumIntervalMs));
    return regular(afterFirstAttempt(plan.retry));
  }
}

function callWrite<K extends WriteActivityName>(
  activities: Record<WriteActivityName, (input: never) => Promise<unknown>>,
  activity: K,
  input: WriteInput<K>,
): Promise<WriteResult<K>> {
  return (activities[activity] as (input: WriteInput<K>) => Promise<WriteResult<K>>)(input);
}

/**
 * A local attempt's failure as a regular activity's would read: Temporal hands a local activity's own failure to
 * the workflow unwrapped, while the write's callers classify an ActivityFailure and its retry state
 * (classify-incident.ts). IN_PROGRESS: the policy retries it.
 */
function localAttemptFailure(
  error: unknown,
  activity: WriteActivityName,
  policy: TargetRetryPolicy,
): ActivityFailure {
  if (error instanceof ActivityFailure) return error;
  const retryable =
    (error instanceof ApplicationFailure && !error.nonRetryable) || error instanceof TimeoutFailure;
  const retryState = !retryable
    ? RetryState.NON_RETRYABLE_FAILURE
    : policy.maximumAttempts === 1
      ? RetryState.MAXIMUM_ATTEMPTS_REACHED
      : RetryState.IN_PROGRESS;
  const cause = error instanceof Error ? error : new Error(String(error));
  return new ActivityFailure('Activity task failed', activity, undefined, retryState, undefined, cause);
}

/**
 * The target's policy from its second attempt on: one attempt fewer (0 stays unlimited) and the interval that
 * would have followed the second attempt, so the attempts keep the schedule the target declared.
 */
function afterFirstAttempt(policy: TargetRetryPolicy): TargetRetryPolicy {
  return {
    ...policy,
    maximumAttempts: policy.maximumAttempts === 0 ? 0 : policy.maximumAttempts - 1,
    initialIntervalMs: Math.min(
      policy.initialIntervalMs * policy.backoffCoefficient,
      policy.maximumIntervalMs,
    ),
  };
}

function regularOptions(plan: TargetWritePlan, retry: TargetRetryPolicy): ActivityOptions {
  return {
    startToCloseTimeout: plan.timeoutMs,
    retry: toActivityRetryPolicy(retry),
    ...(plan.taskQueue === undefined ? {} : { taskQueue: plan.taskQueue }),
  };
}

/** A target's (or look-up's) policy as activity options take it. */
export function toActivityRetryPolicy(policy: TargetRetryPolicy): ActivityOptions['retry'] {
  return {
    maximumAttempts: policy.maximumAttempts,
    initialInterval: policy.initialIntervalMs,
    backoffCoefficient: policy.backoffCoefficient,
    maximumInterval: policy.maximumIntervalMs,
  };
}
