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

/**
 * Marks runs that take every record patch released up to 2026-12-02 under one marker: `lean-record-run` and
 * the two decided on their own after it (`anomaly-unscored-holds`, `warning-incidents`). Three markers with
 * their TemporalChangeVersion upserts cost a record six events and three visibility writes; this one costs two
 * and one. Runs without it replay as recorded, each of the three decided as before. A patch of a later release
 * is a plain `patched(id)` again, never `upToDecember2 || patched(id)`: runs with this marker recorded before that
 * patch existed must replay without it.
 */
export const recordRunPatchesOfDecember2Patch = 'record-patches-2026-12-02';

/**
 * Marks runs that leave the first event's publication to the API, which started the workflow with that event in
 * its memo and search attributes (src/temporal/signal-record-event.ts): the run writes neither again until the
 * event's outcome changes, two events and two visibility writes fewer per record (event-log.ts). It also takes
 * everything `record-patches-2026-12-02` takes, under its one marker, so a new run still has a single marker and
 * TemporalChangeVersion upsert. Runs without it replay as recorded. As before, a patch of a later release is a
 * plain `patched(id)`, never `startPublishedByApi || patched(id)`.
 */
export const startPublishedByApiPatch = 'record-start-published-by-api';

/**
 * Marks runs whose mapping local activity also evaluates the approval policy of a record's first version that is
 * not scored against a baseline: one `evaluateApprovalPolicy` marker and local-activity round trip fewer per new
 * record (approval-gate.ts). It takes `record-start-published-by-api` (and so everything before it) under its one
 * marker. Runs without it replay as recorded. A patch of a later release is a plain `patched(id)`.
 */
export const approvalWithMappingPatch = 'record-approval-with-mapping';

// Settings and the previous run in one marker; the retry policy is the previous-run read's (it queries
// visibility), the timeout leaves that read room on a busy server.
export const { startRecordRun } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 10, initialInterval: '1s', maximumInterval: '10s' },
});
