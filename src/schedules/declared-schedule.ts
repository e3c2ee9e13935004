import type { ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * A Temporal Schedule declared in code. `loudwire schedules apply` makes the server match the declarations:
 * creates what is missing, updates what changed, leaves the rest alone.
 */
export interface DeclaredSchedule {
  /** Schedule ID (before `SCHEDULE_ID_PREFIX`), e.g. `billable-hours-nightly`. Also the prefix of its runs' IDs. */
  id: string;
  /** One line for `loudwire schedules list` and the Web UI. */
  description: string;
  /** Registered workflow name, e.g. `batchSyncWorkflow`. */
  workflowType: string;
  /** The workflow's arguments: plain JSON. */
  args: unknown[];
  /** When it runs. Give exactly one of `cron` or `every`. */
  spec: {
    /** Cron expressions (`30 2 * * *` = 02:30 every day), read in `timeZone`. */
    cron?: string[];
    /** Fixed intervals, e.g. `15m`; an interval does not depend on a time zone. */
    every?: string;
    /** IANA time zone the calendar is read in; decides what "02:30" and "yesterday" mean. */
    timeZone: string;
  };
  policies: {
    /** What happens when a run is due while the previous one still runs. */
    overlap: ScheduleOverlapPolicy;
    /** How late a missed run (server or worker down) may still start, e.g. `6h`. */
    catchupWindow: string;
    /** Pause the schedule after a failed run, until an operator unpauses it. */
    pauseOnFailure: boolean;
  };
  /** Why these policies: printed by `loudwire schedules list`, so the choice stays visible. */
  rationale: string;
}
