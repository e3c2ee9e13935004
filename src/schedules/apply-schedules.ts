import { createHash } from 'node:crypto';
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
  type Workflow,
} from '@temporalio/client';
import { canonicalJson } from '../batch/row-checksum';
import type { LoudwireEnvironment } from '../config/environment';
import { connectTemporalClient } from '../temporal/connect-temporal-client';
import { declaredSchedules } from './declared-schedules';
import type { DeclaredSchedule } from './declared-schedule';

/** Memo key on each schedule's action holding the fingerprint of the declaration it was applied from. */
export const fingerprintMemoKey = 'loudwireScheduleFingerprint';

export interface ApplyOptions {
  taskQueue: string;
  /** Prepended to every schedule ID (`SCHEDULE_ID_PREFIX`): separates environments or test runs. */
  idPrefix?: string;
}

export interface AppliedSchedule {
  scheduleId: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * Makes the server's schedules match the declarations: creates missing ones, updates changed ones, and leaves
 * the rest untouched, so applying twice changes nothing. "Changed" is decided by a fingerprint of the declaration
 * (plus task queue), stored in the schedule action's memo, not by comparing the server's normalized description.
 * An operator's pause (and its note) survives an update. Schedules no longer declared are left alone.
 */
export async function applySchedules(
  client: Client,
  schedules: readonly DeclaredSchedule[],
  options: ApplyOptions,
): Promise<AppliedSchedule[]> {
  const applied: AppliedSchedule[] = [];
  for (const declared of schedules) {
    const desired = toScheduleOptions(declared, options);
    const fingerprint = String(desired.action.memo?.[fingerprintMemoKey]);
    const handle = client.schedule.getHandle(desired.scheduleId);
    let current: Awaited<ReturnType<typeof handle.describe>> | undefined;
    try {
      current = await handle.describe();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
    if (!current) {
      try {
        await client.schedule.create(desired);
        applied.push({ scheduleId: desired.scheduleId, outcome: 'created' });
        continue;
      } catch (error) {
        // Someone else's apply created it a moment ago: compare against theirs like any existing schedule.
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        current = await handle.describe();
      }
    }
    if (current.action.memo?.[fingerprintMemoKey] === fingerprint) {
      applied.push({ scheduleId: desired.scheduleId, outcome: 'unchanged' });
      continue;
    }
    await handle.update((previous) => ({
      spec: desired.spec,
      action: desired.action,
      policies: desired.policies,
      state: { paused: previous.state.paused, note: previous.state.note },
    }));
    applied.push({ scheduleId: desired.scheduleId, outcome: 'updated' });
  }
  return applied;
}

/** The full schedule ID of a declaration under a prefix. */
export function scheduleIdOf(declared: DeclaredSchedule, idPrefix = ''): string {
  return `${idPrefix}${declared.id}`;
}

export function toScheduleOptions(
  declared: DeclaredSchedule,
  options: ApplyOptions,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<Workflow>> {
  const scheduleId = scheduleIdOf(declared, options.idPrefix);
  const spec: ScheduleSpec = {
    ...(declared.spec.cron ? { cronExpressions: [...declared.spec.cron] } : {}),
    ...(declared.spec.every ? { intervals: [{ every: declared.spec.every }] } : {}),
    timezone: declared.spec.timeZone,
  };
  const fingerprint = createHash('sha256')
    .update(canonicalJson({ declared, taskQueue: options.taskQueue, scheduleId }))
    .digest('hex');
  return {
    scheduleId,
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: declared.workflowType,
      args: declared.args,
      taskQueue: options.taskQueue,
      // Temporal appends the scheduled time, so every run has its own ID: `billable-hours-nightly-2026-11-27T01:30:00Z`.
      workflowId: scheduleId,
      memo: { [fingerprintMemoKey]: fingerprint },
    },
    policies: {
      overlap: declared.policies.overlap,
      catchupWindow: declared.policies.catchupWindow,
      pauseOnFailure: declared.policies.pauseOnFailure,
    },
  };
}

/**
 * Connects to `address`, applies every declared schedule and reports each outcome through `print`: what `npm start`
 * runs once the worker is ready, so development runs with the same schedules as production.
 */
export async function applyDeclaredSchedulesAt(
  address: string,
  env: LoudwireEnvironment,
  print: (line: string) => void,
): Promise<AppliedSchedule[]> {
  const { client, close } = await connectTemporalClient({ ...env, TEMPORAL_ADDRESS: address });
  try {
    const applied = await applySchedules(client, declaredSchedules(env), {
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      idPrefix: env.SCHEDULE_ID_PREFIX,
    });
    for (const { scheduleId, outcome } of applied) print(`Schedule ${scheduleId}: ${outcome}`);
    return applied;
  } finally {
    await close();
  }
}
