import type { LoudwireEnvironment } from '../../config/environment';
import type { DeclaredSchedule } from '../../schedules/declared-schedule';
import type { BatchSyncInput } from '../../workflows/batch-sync-messages';
import { billableHoursName } from './names';
import { billableHoursLookbackDays, billableHoursTimeZone } from './settings';

/**
 * Billable hours, nightly: the billable time of the last BILLABLE_HOURS_LOOKBACK_DAYS days (default 7, up to
 * yesterday) is synced and reconciled again, so hours booked late for a closed day are billed too.
 */
export function billableHoursSchedules(env: LoudwireEnvironment): DeclaredSchedule[] {
  const input: BatchSyncInput = {
    integration: billableHoursName,
    windowDays: billableHoursLookbackDays(env),
    timeZone: billableHoursTimeZone(env),
  };
  return [
    {
      id: `${billableHoursName}-nightly`,
      description: `Syncs the last ${input.windowDays} days' billable time entries into billing as daily usage (late bookings correct past days), then reconciles`,
      workflowType: 'batchSyncWorkflow',
      args: [input],
      spec: { cron: ['30 2 * * *'], timeZone: billableHoursTimeZone(env) },
      policies: { overlap: 'SKIP', catchupWindow: '6h', pauseOnFailure: false },
      rationale:
        '02:30 local: after the working day closes and before invoicing starts. Each run looks back over several ' +
        'days, because people book time late; an unchanged day is a no-op (same revision key), a changed one is ' +
        "corrected by billing's replace rule and alerted. SKIP: " +
        'a run still going at the next 02:30 is a problem the alert already reports. A 6 h catch-up window lets ' +
        'a run missed by a short outage start late but still before the business day; a longer outage is ' +
        'backfilled by hand (`temporal schedule backfill`). No pause on failure: a failed run has already alerted, ' +
        'and the next night must still run.',
    },
  ];
}
