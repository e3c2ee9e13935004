import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { LoudwireActivities, PreviousRecordRun } from '../activities/create-activities';
import { rememberedEventIds, type RecordMemory, type RecordSyncState } from './record-sync-messages';

/** Marks histories whose first run of a record reads what the record's previous completed run left. */
export const previousRunPatch = 'record-remembers-previous-run';

// Reads Temporal's visibility and one closed run's result: ordinary I/O with retries.
const { readPreviousRecordRun } = proxyActivities<LoudwireActivities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 10, initialInterval: '1s', maximumInterval: '10s' },
});

/**
 * A record's workflow completes once its dedup window closes; a later event (a resend from the vendor's
 * dashboard, an update) starts a new run with the same workflow ID. That run first takes over what the previous
 * completed run left: its event IDs (a resend is a duplicate), its version (an older event is stale), its target
 * records and what was written to them (a new version updates them; nothing is onboarded twice). Events already
 * queued are filtered against it, as they would have been by the previous run.
 */
export async function adoptPreviousRun(
  state: RecordSyncState,
  seen: Set<string>,
  /** The previous run as the run's start already read it (lean-record-run); read here when absent. */
  alreadyRead?: { previous?: PreviousRecordRun },
): Promise<RecordMemory['status']> {
  const { workflowId, runId } = workflowInfo();
  const previous = alreadyRead ? alreadyRead.previous : await readPreviousRecordRun({ workflowId, runId });
  if (!previous) return undefined;
  const memory: RecordMemory = previous;
  const known = new Set(memory.seenEventIds);
  const duplicates = state.pendingEvents.filter((event) => known.has(event.eventId));
  state.pendingEvents = state.pendingEvents.filter((event) => !known.has(event.eventId));
  state.counts.duplicates += duplicates.length;
  state.counts.received -= duplicates.length;
  const ids = [...memory.seenEventIds, ...state.seenEventIds.filter((id) => !known.has(id))].slice(
    -rememberedEventIds,
  );
  seen.clear();
  for (const id of ids) seen.add(id);
  state.seenEventIds = ids;
  state.lastSequence = Math.max(state.lastSequence, memory.lastSequence);
  state.writes = { ...memory.writes, ...state.writes };
  state.onboarded = memory.onboarded;
  if (memory.syncedCanonical) state.syncedCanonical = memory.syncedCanonical;
  log.info('Took over the previous run of this record', {
    previousRunId: previous.runId,
    complete: previous.complete,
    duplicates: duplicates.length,
    lastSequence: memory.lastSequence,
  });
  return memory.status;
}

/** What this run hands to the record's next run (see adoptPreviousRun). */
export function recordMemory(state: RecordSyncState): RecordMemory {
  return {
    status: state.status,
    seenEventIds: state.seenEventIds,
    lastSequence: state.lastSequence,
    writes: state.writes,
    onboarded: state.onboarded ?? Object.keys(state.writes).length > 0,
    ...(state.syncedCanonical ? { syncedCanonical: state.syncedCanonical } : {}),
  };
}
