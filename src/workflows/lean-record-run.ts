import { proxyLocalActivities } from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';

/**
 * Marks runs that take every earlier record patch at once and start in one local activity (issue 17). Each
 * `patched()` call of a new run writes a marker and a TemporalChangeVersion upsert (two events and a visibility
 * write): seven patches cost a record 14 events and 7 visibility updates. A run with this marker calls none of
 * the others, so their IDs no longer show in its TemporalChangeVersion: search for this one. Runs without it
 * replay exactly as recorded, each earlier patch decided as before. It also covers the three patches released
 * with it (anomaly-checks, incident-alerts, record-event-log): no run ever had this marker without them. A patch
 * of a later release must be a plain `patched(id)`, never `lean || patched(id)`.
 */
export const leanRecordRunPatch = 'lean-record-run';

// Settings and the previous run in one marker; the retry policy is the previous-run read's (it queries
// visibility), the timeout leaves that read room on a busy server.
export const { startRecordRun } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 10, initialInterval: '1s', maximumInterval: '10s' },
});
