import { log, workflowInfo } from '@temporalio/workflow';
import type { UpdateTargetRecordResult } from '../activities/create-activities';
import type { SyncSettings } from '../activities/sync-settings';
import { AlertClass } from '../alerts/alert';
import type { SourceEvent, TargetKey } from '../integrations/integration';
import type { LifecycleAction } from '../integrations/record-lifecycle';
import type { MappingOutcome } from '../mapping/outcome';
import type { FieldDrift } from '../verification/plan-target-update';
import { awaitApprovalIfRequired, type ApprovedInThisRun } from './approval-gate';
import { classifyWriteFailure, type Incident } from './classify-incident';
import {
  SyncStatus,
  type RecordSyncInput,
  type RecordSyncState,
  type TargetWrite,
} from './record-sync-messages';
import { supersedes } from './event-order';
import type { AlertRequest } from '../activities/create-activities';
import type { AnomalyHold } from '../anomaly/anomaly-hold';
import type { EvaluateApprovalResult } from '../activities/approval-activities';
import { runTargetWrite, type TargetWritePlan } from './target-write';

/** Marks histories whose events follow the integration's lifecycle (updates, archive, park) rather than write-once. */
export const recordUpdatesPatch = 'record-updates-follow-lifecycle';

/** What applying a version needs from the record's workflow. */
export interface VersionRun {
  input: RecordSyncInput;
  state: RecordSyncState;
  settings: SyncSettings & { lifecycle: NonNullable<SyncSettings['lifecycle']> };
  /** The operator redrove this event: `park` conflicts take the source's value, a parked lifecycle event syncs. */
  retrying: boolean;
  /** Redrive round suffix of idempotency keys (`:r2`), empty on a first attempt. */
  round: string;
  /** How writes to one target run (its retry policy and timeout, local first or not: target-write.ts). */
  writePlan(target: TargetKey): TargetWritePlan;
  /** Raises one alert (without parking). */
  alert(incident: Incident): void;
  /** Hands approval alerts to the record's AlertDelivery (runs after `patches.approvalAlertsNeverBlock`). */
  approvalAlert?(alert: AlertRequest): void;
  setStatus(status: SyncStatus, detail?: string): void;
  /** The version scored above the integration's anomaly threshold: held for approval with these reasons. */
  anomaly?: AnomalyHold;
  /** The approval verdict the mapping's local activity reached for a first version (approval-gate.ts). */
  evaluatedWithMapping?: EvaluateApprovalResult;
  /** The record this run last approved (approval-gate.ts). */
  approved: ApprovedInThisRun;
}

type MappedRecord = Extract<MappingOutcome, { status: 'ok' }>;

/**
 * Applies one version of a source record as its integration's lifecycle says: onboard (create the targets, later
 * versions update them), update, archive, or park. Returns the incident that parks the record, if any.
 */
export async function applyRecordVersion(
  run: VersionRun,
  event: SourceEvent,
  outcome: MappedRecord,
): Promise<Incident | undefined> {
  const { state } = run;
  const action: LifecycleAction = run.settings.lifecycle[event.type] ?? { kind: 'onboard' };
  const written = Object.keys(state.writes).length > 0;
  // From the first onboarding event on, later versions belong to this record (even while it awaits approval).
  if (action.kind === 'onboard') state.onboarded = true;
  if (action.kind !== 'onboard' && !state.onboarded && !written) {
    // An edit, loss or reopening of a record Loudwire never onboarded (an open deal): nothing of it exists.
    state.counts.ignored += 1;
    run.setStatus(SyncStatus.ignored);
    log.info('Event for a record never onboarded: nothing to change', {
      eventId: event.eventId,
      type: event.type,
    });
    return undefined;
  }
  if (action.kind === 'park' && !run.retrying) {
    return {
      alertClass: AlertClass.needsDecision,
      severity: 'warning',
      message: action.reason,
      details: { eventType: event.type, sequence: event.sequence },
    };
  }
  if (action.kind === 'archive') return archiveRecord(run, event, action);
  return syncVersion(run, event, outcome);
}

/** Creates the targets not written yet and updates those written, after approval where a policy says so. */
async function syncVersion(
  run: VersionRun,
  event: SourceEvent,
  outcome: MappedRecord,
): Promise<Incident | undefined> {
  const { input, state } = run;
  const targets = Object.keys(outcome.targets) as TargetKey[];
  const creating = targets.filter((target) => !state.writes[target]);
  const approval = await awaitApprovalIfRequired(
    {
      integration: input.integration,
      recordKey: input.recordKey,
      canonical: outcome.canonical,
      warnings: outcome.warnings,
      // Every target exists: only a change to a guarded field (the amount) asks again.
      ...(creating.length === 0 && state.syncedCanonical ? { guardedAgainst: state.syncedCanonical } : {}),
      ...(state.approvalShown || state.syncedCanonical
        ? { changedFrom: (state.approvalShown ?? state.syncedCanonical)! }
        : {}),
      ...(run.anomaly ? { anomaly: run.anomaly } : {}),
    },
    {
      setStatus: (status, detail) => run.setStatus(status, detail),
      approved: run.approved,
      superseded: () => state.pendingEvents.some((pending) => supersedes(pending, event)),
      ...(run.approvalAlert ? { raiseAlert: run.approvalAlert } : {}),
    },
    run.evaluatedWithMapping,
  );
  if (approval.outcome === 'superseded') {
    state.approvalShown = outcome.canonical;
    return undefined;
  }
  state.approvalShown = undefined;
  if (approval.outcome === 'expired-parked') return approval.expiryIncident;
  if (approval.outcome === 'rejected' || approval.outcome === 'expired-rejected') return undefined;

  const { workflowId } = workflowInfo();
  const results = await Promise.allSettled(
    targets.map((target) => {
      const body = outcome.targets[target]!;
      const write = state.writes[target];
      return write
        ? updateTarget(run, event, target, write, body, false)
        : createTarget(run, event, target, body);
    }),
  );
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [classifyWriteFailure(targets[index]!, result.reason)] : [],
  );
  const updates = results.flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value] : [],
  );
  const drifted = reportDrift(run, event, updates);
  if (failures.length > 0) return combine(failures);
  if (drifted) return drifted;
  state.syncedCanonical = outcome.canonical;
  state.lastProblem = undefined;
  run.setStatus(SyncStatus.synced);
  log.info('Version synced', { workflowId, sequence: event.sequence, created: creating });
  return undefined;
}

async function createTarget(
  run: VersionRun,
  event: SourceEvent,
  target: TargetKey,
  body: Record<string, unknown>,
): Promise<undefined> {
  const { workflowId } = workflowInfo();
  const result = await runTargetWrite(run.writePlan(target), 'deliverToTarget', {
    integration: run.input.integration,
    target,
    body,
    externalId: run.input.recordKey,
    idempotencyKey: `${workflowId}:${target}:${event.eventId}${run.round}`,
    workflowId,
    repairMismatch: run.retrying,
    verify: run.settings.verifyWrites,
  });
  run.state.writes[target] = {
    targetId: result.targetId,
    eventId: event.eventId,
    created: result.created,
    written: body,
    sequence: event.sequence,
  };
  return undefined;
}

async function updateTarget(
  run: VersionRun,
  event: SourceEvent,
  target: TargetKey,
  write: TargetWrite,
  body: Record<string, unknown>,
  force: boolean,
): Promise<{ target: TargetKey; result: UpdateTargetRecordResult }> {
  const { workflowId } = workflowInfo();
  const result = await runTargetWrite(run.writePlan(target), 'updateTargetRecord', {
    integration: run.input.integration,
    target,
    targetId: write.targetId,
    externalId: run.input.recordKey,
    workflowId,
    body,
    ...(write.written ? { lastWritten: write.written } : {}),
    // One key per source version of this target (and redrive round): a retry of the same version is the same request.
    idempotencyKey: `${workflowId}:${target}:v${event.sequence}${force ? ':lifecycle' : ''}${run.round}`,
    resolveConflicts: run.retrying,
    ...(force ? { force } : {}),
    verify: run.settings.verifyWrites,
  });
  if (result.conflicts.length === 0) {
    run.state.writes[target] = { ...write, written: result.written, sequence: event.sequence };
  }
  return { target, result };
}

/**
 * One TargetDrifted alert for the version, listing every field a person changed on a target since Loudwire
 * wrote it and what happened to it. When a `park` field changed on both sides, that alert is the park's
 * incident (returned) instead, so the record raises exactly one alert either way.
 */
function reportDrift(
  run: VersionRun,
  event: SourceEvent,
  updates: { target: TargetKey; result: UpdateTargetRecordResult }[],
): Incident | undefined {
  const drift = updates.flatMap(({ target, result }) => result.drift.map((field) => ({ target, ...field })));
  const conflicts = updates.flatMap(({ target, result }) =>
    result.conflicts.map((field) => ({ target, ...field })),
  );
  if (drift.length === 0 && conflicts.length === 0) return undefined;
  const incident: Incident = {
    alertClass: AlertClass.targetDrifted,
    severity: conflicts.length > 0 ? 'critical' : 'warning',
    message:
      conflicts.length > 0
        ? `Changed in the source and on the target since the last write: ${describe(conflicts)}; ` +
          'nothing was sent to those targets — redrive to apply the source version, skip to keep the targets as they are'
        : `Changed on the target since Loudwire last wrote it: ${describe(drift)}`,
    details: { sequence: event.sequence, diff: [...conflicts, ...drift] },
  };
  if (conflicts.length > 0) return incident;
  run.alert(incident);
  return undefined;
}

function describe(fields: (FieldDrift & { target: TargetKey })[]): string {
  return fields.map((field) => `${field.target}.${field.field} (${field.resolution})`).join(', ');
}

/** Sets the lifecycle action's fields on the records Loudwire created, then raises one RecordArchived alert. */
async function archiveRecord(
  run: VersionRun,
  event: SourceEvent,
  action: Extract<LifecycleAction, { kind: 'archive' }>,
): Promise<Incident | undefined> {
  const targets = (Object.keys(action.set) as TargetKey[]).filter((target) => run.state.writes[target]);
  const results = await Promise.allSettled(
    targets.map((target) =>
      updateTarget(run, event, target, run.state.writes[target]!, action.set[target]!, true),
    ),
  );
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [classifyWriteFailure(targets[index]!, result.reason)] : [],
  );
  if (failures.length > 0) return combine(failures);
  run.alert({
    alertClass: AlertClass.recordArchived,
    severity: 'warning',
    message: action.description,
    details: { eventType: event.type, sequence: event.sequence, set: action.set },
  });
  run.setStatus(SyncStatus.archived);
  return undefined;
}

function combine(incidents: Incident[]): Incident {
  if (incidents.length === 1) return incidents[0]!;
  return {
    ...incidents[0]!,
    message: incidents.map((incident) => incident.message).join(' | '),
    details: incidents.map((incident) => incident.details),
  };
}
