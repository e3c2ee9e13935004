import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertRequest, LoudwireActivities } from '../activities/create-activities';
import type { SyncSettings } from '../activities/sync-settings';
import type { SourceEvent, TargetKey } from '../integrations/integration';
import { isBreaking } from '../contracts/source-contract';
import { systemOfTarget } from '../systems/kit/target-resource';
import { parkedReasonAttribute, syncStatusAttribute } from '../temporal/search-attributes';
import { alertActivityOptions } from './alert-activity-options';
import { awaitApprovalIfRequired } from './approval-gate';
import { valueFreeParkedReason } from './parked-reason';
import { cameFromLoudwire } from '../encryption/payload-origin';
import { redactAlertRequest } from '../alerts/redact-alert-request';
import {
  classifyWriteFailure,
  emptyPayloadIncident,
  rejectedRecordIncident,
  schemaDriftIncident,
  type Incident,
} from './classify-incident';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  rememberedEventIds,
  sourceEventSignal,
  SyncStatus,
  type RecordSyncInput,
  type RecordSyncState,
  type RedriveRequest,
} from './record-sync-messages';

// Pure steps run as local activities: one marker event each, no task-queue round trip.
const { readSyncSettings, prepareSourceRecord } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});
const { sendAlert } = proxyActivities<LoudwireActivities>(alertActivityOptions);

/** The result when the dedup window closes with nothing more to do. */
export interface RecordSyncResult {
  status: SyncStatus;
  writes: RecordSyncState['writes'];
  counts: RecordSyncState['counts'];
}

/**
 * One workflow per source record (e.g. one CRM deal). It receives the record's events as signals, drops
 * duplicates (by event ID) and stale versions (by sequence), checks each payload against the source contract,
 * maps it, writes every target at most once and verifies what landed. Anything that goes wrong raises exactly one
 * alert and parks the record until an operator redrives or skips it — nothing fails quietly. It then stays open
 * for the dedup window so that a vendor's redelivery days later still creates nothing.
 */
export async function recordSyncWorkflow(input: RecordSyncInput): Promise<RecordSyncResult> {
  const state: RecordSyncState = input.carriedState ?? {
    status: SyncStatus.received,
    seenEventIds: [],
    lastSequence: -1,
    pendingEvents: [],
    writes: {},
    warnings: [],
    redrives: 0,
    incidents: 0,
    counts: { received: 0, duplicates: 0, stale: 0, processed: 0, ignored: 0 },
    lastEventAt: Date.now(),
  };
  const seen = new Set(state.seenEventIds);
  const alertsInFlight: Promise<unknown>[] = [];
  const decisions: DecisionBox = {};

  setHandler(sourceEventSignal, (event) => {
    // Only the API, holding the payload keys, can send an event the workflow believes: a signal crafted with raw
    // Temporal access is in the history (signals cannot be refused) but is never applied. Histories from before
    // this check replay as they ran.
    if (!cameFromLoudwire(event) && patched('trusted-source-events')) {
      log.warn('Refused a source event that was not sent by the Loudwire API (not encrypted with its keys)');
      return;
    }
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
  setHandler(
    redriveUpdate,
    (request) => {
      const parked = state.parked!;
      decisions.pending = request;
      log.info('Operator decision', { incidentId: parked.incidentId, ...request, payload: undefined });
      return { incidentId: parked.incidentId, action: request.action };
    },
    { validator: (request) => validateRedrive(state, decisions.pending, request) },
  );

  const settings = await readSyncSettings({ integration: input.integration });
  const context: RunContext = { input, state, settings, alertsInFlight, decisions };

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
    state.lastSequence = event.sequence;
    await processEvent(context, event);
    state.counts.processed += 1;
    publishProgress(state);

    if (shouldContinueAsNew(settings) && state.pendingEvents.length === 0) {
      await Promise.all(alertsInFlight);
      await condition(allHandlersFinished);
      return continueAsNew<typeof recordSyncWorkflow>({ ...input, carriedState: { ...state } });
    }
  }
  await Promise.all(alertsInFlight);
  log.info('Dedup window closed', { status: state.status });
  return { status: state.status, writes: state.writes, counts: state.counts };
}

interface RunContext {
  input: RecordSyncInput;
  state: RecordSyncState;
  settings: SyncSettings;
  alertsInFlight: Promise<unknown>[];
  decisions: DecisionBox;
}

/** The operator decision the redrive Update handed in, until processEvent applies it. */
interface DecisionBox {
  pending?: RedriveRequest;
}

/**
 * Applies one event, parking on every incident until an operator decides. A newer event for the same record
 * supersedes a parked one: the source has moved on, so its latest version is what should land.
 */
async function processEvent(context: RunContext, event: SourceEvent): Promise<void> {
  const { state } = context;
  let payload = event.payload;
  for (;;) {
    const incident = await attemptEvent(context, event, payload);
    if (!incident) return;

    park(context, event, incident);
    await condition(
      () =>
        context.decisions.pending !== undefined ||
        state.pendingEvents.some((pending) => pending.sequence > event.sequence),
    );
    const request = context.decisions.pending;
    context.decisions.pending = undefined;
    unpark(state);
    if (!request) {
      log.info('Parked event superseded by a newer one', { eventId: event.eventId });
      return;
    }
    state.redrives += 1;
    if (request.action === RedriveAction.skip) {
      setStatus(state, SyncStatus.skipped);
      return;
    }
    if (request.action === RedriveAction.retryWithPayload) payload = request.payload;
  }
}

/** One attempt at an event: contract, mapping, writes. Returns the incident when something went wrong. */
async function attemptEvent(
  context: RunContext,
  event: SourceEvent,
  payload: unknown,
): Promise<Incident | undefined> {
  const { input, state, settings } = context;
  let lookup: unknown;
  if (settings.lookup) {
    // Only integrations that declare a look-up run this step, so other histories keep their command sequence.
    const { lookupReferences } = proxyActivities<LoudwireActivities>({
      startToCloseTimeout: settings.lookup.timeoutMs,
      retry: toRetryPolicy(settings.lookup.retry),
    });
    try {
      lookup = await lookupReferences({
        integration: input.integration,
        workflowId: workflowInfo().workflowId,
        payload,
      });
    } catch (error) {
      return classifyWriteFailure(`${input.source} look-up`, error);
    }
  }
  const prepared = await prepareSourceRecord({
    integration: input.integration,
    payload,
    ...(lookup === undefined ? {} : { lookup }),
  });
  if (prepared.empty) return emptyPayloadIncident();

  const breaking = prepared.contractChanges.some(isBreaking);
  if (breaking) return schemaDriftIncident(prepared.contractChanges, true);
  if (prepared.contractChanges.length > 0) {
    // New fields alone do not stop the record, but the contract is out of date: say so once.
    raiseAlert(context, event, schemaDriftIncident(prepared.contractChanges, false));
  }

  const outcome = prepared.outcome!;
  state.warnings = outcome.warnings;
  if (outcome.status === 'rejected') return rejectedRecordIncident(outcome.reasons);
  // A person decides before the guarded writes (docs/approvals.md); nothing to decide once every target is written.
  if ((Object.keys(outcome.targets) as TargetKey[]).some((target) => !writtenTo(state, target))) {
    const approval = await awaitApprovalIfRequired(
      {
        integration: input.integration,
        recordKey: input.recordKey,
        canonical: outcome.canonical,
        warnings: outcome.warnings,
      },
      { setStatus: (status) => setStatus(state, status) },
    );
    if (approval.outcome === 'expired-parked') return approval.expiryIncident;
    if (approval.outcome === 'rejected' || approval.outcome === 'expired-rejected') return undefined;
  }

  const { workflowId } = workflowInfo();
  const round = state.redrives > 0 ? `:r${state.redrives}` : '';
  // Targets are independent, so write them concurrently: the record lands as fast as the slower one. Settle all
  // of them, so a target that succeeded is remembered even when the other failed.
  const targets = Object.keys(outcome.targets) as TargetKey[];
  const results = await Promise.allSettled(
    targets.map(async (target) => {
      if (writtenTo(state, target)) return; // written by an earlier event or round of this record
      const { deliverToTarget } = proxyActivities<LoudwireActivities>({
        startToCloseTimeout: settings.writeTimeouts?.[target] ?? settings.writeTimeoutMs,
        retry: toRetryPolicy(retryPolicyFor(settings, target)),
      });
      const result = await deliverToTarget({
        integration: input.integration,
        target,
        body: outcome.targets[target]!,
        externalId: input.recordKey,
        idempotencyKey: `${workflowId}:${target}:${event.eventId}${round}`,
        workflowId,
        repairMismatch: state.redrives > 0,
        verify: settings.verifyWrites,
      });
      state.writes[target] = { targetId: result.targetId, eventId: event.eventId, created: result.created };
    }),
  );
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [classifyWriteFailure(targets[index]!, result.reason)] : [],
  );
  if (failures.length > 0) return combineIncidents(failures);
  state.lastProblem = undefined;
  setStatus(state, SyncStatus.synced);
  return undefined;
}

/** Both targets failing is one incident for the record, named after the first failure. */
function combineIncidents(incidents: Incident[]): Incident {
  if (incidents.length === 1) return incidents[0]!;
  return {
    ...incidents[0]!,
    message: incidents.map((incident) => incident.message).join(' | '),
    details: incidents.map((incident) => incident.details),
  };
}

function park(context: RunContext, event: SourceEvent, incident: Incident): void {
  const { state } = context;
  const incidentId = raiseAlert(context, event, incident);
  state.parked = {
    incidentId,
    alertClass: incident.alertClass,
    reason: incident.message,
    eventId: event.eventId,
    since: Date.now(),
  };
  state.lastProblem = incident.message;
  // Histories parked before values were masked replay with the reason they recorded.
  const parkedReason = patched('value-free-parked-reason')
    ? valueFreeParkedReason(incident.alertClass, incident.message)
    : `${incident.alertClass}: ${incident.message}`.slice(0, 500);
  setStatus(state, SyncStatus.parked, parkedReason);
  publishProgress(state);
  log.warn('Record parked', { incidentId, alertClass: incident.alertClass, reason: incident.message });
}

function unpark(state: RecordSyncState): void {
  state.parked = undefined;
}

/** Sends the incident's one alert without waiting for it; the workflow awaits delivery before it ends. */
function raiseAlert(context: RunContext, event: SourceEvent, incident: Incident): string {
  const { input, state } = context;
  state.incidents += 1;
  const { workflowId } = workflowInfo();
  const incidentId = `${workflowId}:${event.eventId}:${state.incidents}`;
  const alert: AlertRequest = {
    incidentId,
    alertClass: incident.alertClass,
    severity: incident.severity,
    integration: input.integration,
    recordKey: input.recordKey,
    workflowId,
    message: incident.message,
    payload: event.payload,
    details: incident.details,
  };
  context.alertsInFlight.push(sendAlert(redactAlertRequest(alert)));
  return incidentId;
}

function validateRedrive(
  state: RecordSyncState,
  pending: RedriveRequest | undefined,
  request: RedriveRequest,
): void {
  if (!cameFromLoudwire(request)) {
    throw new Error(
      'Redrives are accepted only from Loudwire (npx loudwire redrive): this one was not encrypted with its keys',
    );
  }
  if (!state.parked) throw new Error('Record is not parked: nothing to redrive');
  if (pending) throw new Error('A decision for this incident is already being applied');
  if (request.incidentId && request.incidentId !== state.parked.incidentId) {
    throw new Error(
      `Incident ${request.incidentId} is resolved; the record is parked on ${state.parked.incidentId}`,
    );
  }
  if (!Object.values(RedriveAction).includes(request.action)) {
    throw new Error(`Unknown action "${String(request.action)}" (use retry, skip or retry-with-payload)`);
  }
  if (!request.operator?.trim()) throw new Error('operator is required (who decided)');
  if (
    request.action === RedriveAction.retryWithPayload &&
    (request.payload === undefined || request.payload === null)
  ) {
    throw new Error('retry-with-payload needs a payload');
  }
}

function setStatus(state: RecordSyncState, status: SyncStatus, parkedReason?: string): void {
  const changed = state.status !== status;
  state.status = status;
  if (!changed && parkedReason === undefined) return;
  upsertSearchAttributes([
    { key: syncStatusAttribute, value: status },
    // The parked reason is searchable while parked and cleared afterwards.
    { key: parkedReasonAttribute, value: status === SyncStatus.parked ? (parkedReason ?? null) : null },
  ]);
}

/** Shown as "current details" in the Web UI: status, targets, and every warning that travels with the record. */
function publishProgress(state: RecordSyncState): void {
  const lines = [`**Status:** ${state.status}`];
  for (const [target, write] of Object.entries(state.writes)) {
    if (!write) continue;
    lines.push(`- ${target}: ${write.targetId}${write.created ? '' : ' (already present)'}`);
  }
  if (state.parked) lines.push(`**Parked (${state.parked.alertClass}):** ${state.parked.reason}`);
  else if (state.lastProblem) lines.push(`**Problem:** ${state.lastProblem}`);
  for (const warning of state.warnings) lines.push(`- ⚠ ${warning.field}: ${warning.reason}`);
  setCurrentDetails(lines.join('\n'));
}

function shouldContinueAsNew(settings: SyncSettings): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= settings.continueAsNewAfterEvents;
}

/**
 * What this record already wrote to a target. Histories from before targets named their resource keyed writes
 * by system (`project-tool`), which is the same target for them.
 */
function writtenTo(state: RecordSyncState, target: TargetKey) {
  return state.writes[target] ?? state.writes[systemOfTarget(target)];
}

/** The target's retry policy; settings recorded before targets named their resource key them by system. */
function retryPolicyFor(settings: SyncSettings, target: TargetKey) {
  return (
    settings.retryPolicies[target] ?? settings.retryPolicies[systemOfTarget(target)] ?? defaultRetryPolicy
  );
}

/** Only for a target missing from recorded settings (a record whose integration gained a target meanwhile). */
const defaultRetryPolicy = {
  maximumAttempts: 8,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
};

function toRetryPolicy(policy: SyncSettings['retryPolicies'][string]) {
  return {
    maximumAttempts: policy.maximumAttempts,
    initialInterval: policy.initialIntervalMs,
    backoffCoefficient: policy.backoffCoefficient,
    maximumInterval: policy.maximumIntervalMs,
  };
}
