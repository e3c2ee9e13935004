import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { DeclaredSchedule } from './declared-schedule';
import { scheduleIdOf } from './apply-schedules';

/** A declared schedule as the server holds it, for `loudwire schedules list`. */
export interface ScheduleStatus {
  scheduleId: string;
  description: string;
  workflowType: string;
  when: string;
  timeZone: string;
  overlap: string;
  catchupWindow: string;
  rationale: string;
  /** `missing`: declared but not applied yet. */
  state: 'active' | 'paused' | 'missing';
  note?: string;
  /** ISO 8601 UTC, soonest first. */
  nextRuns: string[];
  lastRun?: { scheduledAt: string; workflowId: string };
}

/** Reads each declared schedule's state and next run times from the server. */
export async function describeSchedules(
  client: Client,
  schedules: readonly DeclaredSchedule[],
  idPrefix = '',
  nextRunCount = 3,
): Promise<ScheduleStatus[]> {
  return Promise.all(
    schedules.map(async (declared): Promise<ScheduleStatus> => {
      const scheduleId = scheduleIdOf(declared, idPrefix);
      const base = {
        scheduleId,
        description: declared.description,
        workflowType: declared.workflowType,
        when: declared.spec.cron?.join(', ') ?? `every ${declared.spec.every}`,
        timeZone: declared.spec.timeZone,
        overlap: String(declared.policies.overlap),
        catchupWindow: declared.policies.catchupWindow,
        rationale: declared.rationale,
      };
      try {
        const described = await client.schedule.getHandle(scheduleId).describe();
        const last = described.info.recentActions.at(-1);
        return {
          ...base,
          state: described.state.paused ? 'paused' : 'active',
          ...(described.state.note ? { note: described.state.note } : {}),
          nextRuns: described.info.nextActionTimes.slice(0, nextRunCount).map((time) => time.toISOString()),
          ...(last
            ? {
                lastRun: {
                  scheduledAt: last.scheduledAt.toISOString(),
                  workflowId: last.action.workflow.workflowId,
                },
              }
            : {}),
        };
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return { ...base, state: 'missing', nextRuns: [] };
        throw error;
      }
    }),
  );
}
