import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LoudwireActivities } from '../activities/create-activities';
import type { SyncSettings } from '../activities/sync-settings';
import type { SourceEvent, TargetSystem } from '../integrations/integration';
import { syncStatusAttribute } from '../temporal/search-attributes';
import {
  recordSyncStateQuery,
  rememberedEventIds,
  sourceEventSignal,
  SyncStatus,
  type RecordSyncInput,
  type RecordSyncState,
} from './record-sync-messages';

// Pure steps run as local activities: one marker event each, no task-queue round trip.
const { readSyncSettings, mapSourceRecord } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/** The result when the dedup window closes with nothing more to do. */
export interface RecordSyncResult {
  status: SyncStatus;
  writes: RecordSyncState['writes'];
  counts: RecordSyncState['counts'];
}

/**
 * One workflow per source record (e.g. one CRM deal). It receives the record's events as signals, drops
 * duplicates (by event ID) and stale versions (by sequence), maps each event and writes every target at most once,
 * then stays open for the dedup window so that a vendor's redelivery days later still creates nothing.
 */
export async function recordSyncWorkflow(input: RecordSyncInput): Promise<RecordSyncResult> {
  const { workflowId } = workflowInfo();
  const state: RecordSyncState = input.carriedState ?? {
    status: SyncStatus.received,
    seenEventIds: [],
    lastSequence: -1,
    pendingEvents: [],
    writes: {},
    warnings: [],
    counts: { received: 0, duplicates: 0, stale: 0, processed: 0, ignored: 0 },
    lastEventAt: Date.now(),
  };
  const seen = new Set(state.seenEventIds);

  setHandler(sourceEventSignal, (event) => {
    if (seen.has(event.eventId)) {
      state.counts.duplicates += 1;
      return;
    }
    seen.add(event.eventId);
    state.seenEventIds.push(event.eventId);
    if (state.seenEventIds.length > rememberedEventIds) seen.delete(state.seenEventIds.shift()!);
    state.pendingEvents.push(event);
    state.counts.received += 1;
    state.lastEventAt = Date.now();
  });
  setHandler(recordSyncStateQuery, () => state);

  const settings = await readSyncSettings();

  for (;;) {
    const dedupWindowLeft = state.lastEventAt + settings.dedupWindowMs - Date.now();
    const hasWork = await condition(() => state.pendingEvents.length > 0, Math.max(1, dedupWindowLeft));
    if (!hasWork) {
      if (state.lastEventAt + settings.dedupWindowMs <= Date.now()) break;
      continue; // an event arrived and was a duplicate; the window moved on
    }
    // Events for one record are applied in source order; anything at or below the processed version is stale.
    state.pendingEvents.sort((a, b) => a.sequence - b.sequence || a.occurredAt.localeCompare(b.occurredAt));
    const event = state.pendingEvents.shift()!;
    if (event.sequence <= state.lastSequence) {
      state.counts.stale += 1;
      log.info('Dropped a stale event', { eventId: event.eventId, sequence: event.sequence });
      continue;
    }
    await processEvent(input, state, settings, event);
    state.lastSequence = event.sequence;
    state.counts.processed += 1;
    publishProgress(state);

    if (shouldContinueAsNew(settings) && state.pendingEvents.length === 0) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof recordSyncWorkflow>({ ...input, carriedState: { ...state } });
    }
  }
  log.info('Dedup window closed', { workflowId, status: state.status });
  return { status: state.status, writes: state.writes, counts: state.counts };
}

async function processEvent(
  input: RecordSyncInput,
  state: RecordSyncState,
  settings: SyncSettings,
  event: SourceEvent,
): Promise<void> {
  const outcome = await mapSourceRecord({ integration: input.integration, payload: event.payload });
  if (outcome.status === 'rejected') {
    state.warnings = outcome.warnings;
    state.lastProblem = outcome.reasons.map((reason) => `${reason.field}: ${reason.reason}`).join('; ');
    setStatus(state, SyncStatus.rejected);
    log.warn('Source record rejected by mapping', { eventId: event.eventId, reasons: outcome.reasons });
    return;
  }
  state.warnings = outcome.warnings;
  const { workflowId } = workflowInfo();
  // Targets are independent, so write them concurrently: the record lands as fast as the slower one. Settle all
  // of them, so a target that succeeded is remembered even when the other failed.
  const results = await Promise.allSettled(
    (Object.keys(outcome.targets) as TargetSystem[]).map(async (target) => {
      if (state.writes[target]) return; // written by an earlier event of this record
      const { deliverToTarget } = proxyActivities<LoudwireActivities>({
        startToCloseTimeout: settings.writeTimeoutMs,
        retry: toRetryPolicy(settings.retryPolicies[target]),
      });
      const result = await deliverToTarget({
        integration: input.integration,
        target,
        body: outcome.targets[target]!,
        externalId: input.recordKey,
        idempotencyKey: `${workflowId}:${target}:${event.eventId}`,
        workflowId,
      });
      state.writes[target] = { targetId: result.targetId, eventId: event.eventId, created: result.created };
    }),
  );
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [describeFailure(result.reason)] : [],
  );
  if (failures.length > 0) {
    state.lastProblem = failures.join('; ');
    setStatus(state, SyncStatus.failed);
    log.error('Write failed', { eventId: event.eventId, problem: state.lastProblem });
    return;
  }
  state.lastProblem = undefined;
  setStatus(state, SyncStatus.synced);
}

function setStatus(state: RecordSyncState, status: SyncStatus): void {
  if (state.status === status) return;
  state.status = status;
  upsertSearchAttributes([{ key: syncStatusAttribute, value: status }]);
}

/** Shown as "current details" in the Web UI: status, targets, and every warning that travels with the record. */
function publishProgress(state: RecordSyncState): void {
  const lines = [`**Status:** ${state.status}`];
  for (const [target, write] of Object.entries(state.writes)) {
    lines.push(`- ${target}: ${write.targetId}${write.created ? '' : ' (already present)'}`);
  }
  if (state.lastProblem) lines.push(`**Problem:** ${state.lastProblem}`);
  for (const warning of state.warnings) lines.push(`- ⚠ ${warning.field}: ${warning.reason}`);
  setCurrentDetails(lines.join('\n'));
}

function shouldContinueAsNew(settings: SyncSettings): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= settings.continueAsNewAfterEvents;
}

function toRetryPolicy(policy: SyncSettings['retryPolicies'][TargetSystem]) {
  return {
    maximumAttempts: policy.maximumAttempts,
    initialInterval: policy.initialIntervalMs,
    backoffCoefficient: policy.backoffCoefficient,
    maximumInterval: policy.maximumIntervalMs,
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return `${error.cause.type ?? 'Error'}: ${error.cause.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
