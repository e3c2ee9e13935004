import type { LoudwireEnvironment } from '../../config/environment';
import type { DeclaredSchedule } from '../../schedules/declared-schedule';
import type { BatchSyncInput } from '../../workflows/batch-sync-messages';
import { billableHoursName } from './names';
import { billableHoursTimeZone } from './settings';

/** Billable hours, nightly: yesterday's billable time becomes usage in billing. */
export function billableHoursSchedules(env: LoudwireEnvironment): DeclaredSchedule[] {
  const input: BatchSyncInput = {
    integration: billableHoursName,
    windowDays: 1,
    timeZone: billableHoursTimeZone(env),
  };
  return [
    {
      id: `${billableHoursName}-nightly`,
      description: "Syncs yesterday's billable time entries into billing as daily usage, then reconciles",
      workflowType: 'batchSyncWorkflow',
      args: [input],
      spec: { cron: ['30 2 * * *'], timeZone: billableHoursTimeZone(env) },
      policies: { overlap: 'SKIP', catchupWindow: '6h', pauseOnFailure: false },
      rationale:
        '02:30 local: after the working day closes and before invoicing starts. SKIP: runs cover disjoint days, and ' +
        'a run still going at the next 02:30 is a problem the alert already reports. A 6 h catch-up window lets ' +
        'a run missed by a short outage start late but still before the business day; a longer outage is ' +
        'backfilled by hand (`temporal schedule backfill`). No pause on failure: a failed run has already alerted, ' +
        'and the next night must still run.',
    },
  ];
}
