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
import { boundJson, boundText } from '../bounds/bounds';
import { isBreaking } from '../contracts/source-contract';
import { systemOfTarget } from '../systems/kit/target-resource';
import {
  eventsAcceptedAttribute,
  parkedClassAttribute,
  parkedReasonAttribute,
  syncStatusAttribute,
} from '../temporal/search-attributes';
import { searchableText } from '../temporal/searchable-text';
import { AlertDelivery } from './alert-delivery';
import {
  anomalyChecksPatch,
  checkAgainstBaseline,
  defaultBaselineWaitMs,
  scoresEvent,
  unscoredHoldsPatch,
} from './anomaly-check';
import { UnscoredHoldAlerts } from './unscored-hold-alerts';
import { IncidentMembership, incidentAlertsPatch } from './incident-membership';
import { IncidentExit } from './incident-messages';
import { WarningIncidentNotices, warningIncidentsPatch } from './warning-incident-notices';
import { awaitApprovalIfRequired, type ApprovedInThisRun } from './approval-gate';
import { isStale, supersedes, takeNextEvent } from './event-order';
import { patches } from './patches';
import {
  approvalWithMappingPatch,
  leanRecordRunPatch,
  recordRunPatchesOfDecember2Patch,
  startPublishedByApiPatch,
  startRecordRun,
} from './lean-record-run';
import { adoptPreviousRun, previousRunPatch, recordMemory } from './previous-run';
import { applyRecordVersion, recordUpdatesPatch, type VersionRun } from './record-versions';
import { eventLogPatch, RecordEventLog } from './event-log';
import { maskValues } from './parked-reason';
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
  type RecordMemory,
  type RecordSyncInput,
  type RecordSyncState,
  type RedriveRequest,
} from './record-sync-messages';
import { continueAsNewDue } from './continue-as-new-due';
import {
  localFirstWritesPatch,
  runTargetWrite,
  toActivityRetryPolicy,
  type TargetWritePlan,
} from './target-write';

// Pure steps run as local activities: one marker event each, no task-queue round trip.
const { readSyncSettings, prepareSourceRecord } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/** The result when the dedup window closes with nothing more to do. */
export interface RecordSyncResult {
  status: SyncStatus;
  writes: RecordSyncState['writes'];
  counts: RecordSyncState['counts'];
  /** What the record's next run takes over (runs whose integration declares a lifecycle). */
  memory?: RecordMemory;
}

/**
 * One workflow per source record (e.g. one CRM deal). It receives the record's events as signals, drops
 * duplicates (by event ID) and stale versions (by sequence), checks each payload against the source contract,
 * maps it, writes every target at most once and verifies what landed. Anything that goes wrong raises exactly one
 * alert and parks the record until an operator redrives or skips it — nothing fails quietly. It then stays open
 * for the dedup window so that a vendor's redelivery days later still creates nothing.
 */
export async function recordSyncWorkflow(input: RecordSyncInput): Promise<RecordSyncResult> {
  // Versioned behaviour is decided once per run, in its first workflow task, before any local activity: a local
  // activity can resolve in a later workflow task on replay than it did live, so a patched() call after one may
  // land in another task than its marker (a nondeterminism the replay suite caught). A run keeps what it started
  // with; records opened before a deploy keep the old behaviour until they close or continue as new.
  // A lean run takes every earlier patch under one marker (lean-record-run.ts); others decide each as recorded.
  // A patch added after it is decided on its own, `patched(id)` and never `lean || …`: lean runs recorded before
  // that patch existed must replay without it. `upToDecember2` takes lean-record-run and the two patches after it
  // under one marker in the same way (lean-record-run.ts), `startPublishedByApi` takes `upToDecember2`,
  // `approvalWithMapping` takes `startPublishedByApi` and `localFirstWrites` takes `approvalWithMapping`, so a new
  // run records one marker and calls no other patched().
  const localFirstWrites = patched(localFirstWritesPatch);
  const approvalWithMapping = localFirstWrites || patched(approvalWithMappingPatch);
  const startPublishedByApi = approvalWithMapping || patched(startPublishedByApiPatch);
  const upToDecember2 = startPublishedByApi || patched(recordRunPatchesOfDecember2Patch);
  const lean = upToDecember2 || patched(leanRecordRunPatch);
  const behaviour: RunBehaviour = {
    documentedEventOrder: lean || patched(patches.documentedEventOrder),
    approvalAlertsNeverBlock: lean || patched(patches.approvalAlertsNeverBlock),
    trustedSourceEvents: lean || patched(patches.trustedSourceEvents),
    previousRun: lean || patched(previousRunPatch),
    recordUpdates: lean || patched(recordUpdatesPatch),
    searchableParkedReason: lean || patched(searchableParkedReasonPatch),
    valueFreeParkedReason: lean || patched(patches.valueFreeParkedReason),
    leanStart: lean,
    // Released together with lean-record-run, so covered by its marker; histories recorded by their branches
    // before the release (the replay fixtures) carry their own markers and replay through the patched() calls.
    anomalyChecks: lean || patched(anomalyChecksPatch),
    incidentAlerts: lean || patched(incidentAlertsPatch),
    eventLog: lean || patched(eventLogPatch),
    // Released after lean-record-run, each on its own; covered by record-patches-2026-12-02 since.
    unscoredHolds: upToDecember2 || patched(unscoredHoldsPatch),
    warningIncidents: upToDecember2 || patched(warningIncidentsPatch),
    startPublishedByApi,
    approvalWithMapping,
    localFirstWrites,
  };
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
  const eventLog = behaviour.eventLog
    ? RecordEventLog.of(state, {
        // The API's start set the memo and attributes for the event it started the run with (from the history's
        // start event, so replay decides the same).
        startPublishedFirstEvent:
          behaviour.startPublishedByApi &&
          !input.carriedState &&
          workflowInfo().typedSearchAttributes.get(eventsAcceptedAttribute) === 1,
      })
    : undefined;
  const decisions: DecisionBox = {};

  setHandler(sourceEventSignal, (event) => {
    // Only the API, holding the payload keys, can send an event the workflow believes: a signal crafted with raw
    // Temporal access is in the history (signals cannot be refused) but is never applied. Histories from before
    // this check replay as they ran.
    if (!cameFromLoudwire(event) && behaviour.trustedSourceEvents) {
      log.warn('Refused a source event that was not sent by the Loudwire API (not encrypted with its keys)');
      return;
    }
    if (seen.has(event.eventId)) {
      state.counts.duplicates += 1;
      eventLog?.duplicate(event);
      return;
    }
    seen.add(event.eventId);
    state.seenEventIds.push(event.eventId);
    if (state.seenEventIds.length > rememberedEventIds) seen.delete(state.seenEventIds.shift()!);
    state.pendingEvents.push(event);
    state.counts.received += 1;
    state.lastEventAt = Date.now();
    eventLog?.accepted(event);
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

  // A lean run reads its settings and the record's previous run in one local activity.
  const start = behaviour.leanStart
    ? await startRecordRun({
        integration: input.integration,
        workflowId: workflowInfo().workflowId,
        runId: workflowInfo().runId,
        // Only the local activity's input depends on noEarlierRun, never the commands: replay is unaffected.
        readPreviousRun: !input.carriedState && behaviour.previousRun && input.noEarlierRun !== true,
      })
    : undefined;
  const settings = start?.settings ?? (await readSyncSettings({ integration: input.integration }));
  const alerts = new AlertDelivery(state, settings.alertRetryWindowMs ?? 86_400_000, () =>
    publishProgress(state),
  );
  alerts.resumeCarried();
  const incidents = behaviour.incidentAlerts
    ? new IncidentMembership(alerts, settings.alertRetryWindowMs ?? 86_400_000)
    : undefined;
  const context: RunContext = {
    input,
    state,
    settings,
    alerts,
    decisions,
    behaviour,
    incidents,
    approved: {},
  };
  if (behaviour.warningIncidents) {
    context.warningIncidents = new WarningIncidentNotices(alerts, settings.alertRetryWindowMs ?? 86_400_000);
  }
  // A record's first run after an earlier one completed takes over what that run knew (resends, updates).
  if (!input.carriedState && settings.lifecycle && behaviour.previousRun) {
    const previousStatus = await adoptPreviousRun(state, seen, start);
    if (previousStatus) setStatus(state, behaviour, previousStatus);
  }

  for (;;) {
    const dedupWindowLeft = state.lastEventAt + settings.dedupWindowMs - Date.now();
    const hasWork = await condition(() => state.pendingEvents.length > 0, Math.max(1, dedupWindowLeft));
    if (!hasWork) {
      if (state.lastEventAt + settings.dedupWindowMs <= Date.now()) {
        await incidents?.settled(); // the incident heard the record leave
        await context.warningIncidents?.settled();
        await alerts.firstRoundsSettled();
        if (!alerts.hasUndelivered()) break;
        // A record does not close with an alert that never landed: it stays open, still taking events, until
        // the alert channel takes it.
        await condition(() => state.pendingEvents.length > 0 || !alerts.hasUndelivered());
      }
      continue; // an event arrived and was a duplicate; the window moved on
    }
    const documentedOrder = behaviour.documentedEventOrder;
    const event = documentedOrder
      ? takeNextEvent(state.pendingEvents)
      : takeNextEventAsBeforeDocumentedOrder(state.pendingEvents);
    if (documentedOrder ? isStale(event, state.lastSequence) : (event.sequence ?? 0) <= state.lastSequence) {
      state.counts.stale += 1;
      eventLog?.stale(event);
      log.info('Dropped a stale event', { eventId: event.eventId, sequence: event.sequence });
      continue;
    }
    if (!documentedOrder) state.lastSequence = event.sequence ?? 0;
    else if (event.sequence !== undefined) state.lastSequence = event.sequence;
    eventLog?.applying(event, state);
    await processEvent(context, event);
    eventLog?.applied(event, state);
    state.counts.processed += 1;
    publishProgress(state);

    if (continueAsNewDue(settings.continueAsNewAfterEvents) && state.pendingEvents.length === 0) {
      await incidents?.settled();
      await context.warningIncidents?.settled();
      await alerts.firstRoundsSettled(); // undelivered ones travel in the state and are resumed
      await condition(allHandlersFinished);
      return continueAsNew<typeof recordSyncWorkflow>({ ...input, carriedState: { ...state } });
    }
  }
  log.info('Dedup window closed', { status: state.status });
  return {
    status: state.status,
    writes: state.writes,
    counts: state.counts,
    ...(settings.lifecycle ? { memory: recordMemory(state) } : {}),
  };
}

interface RunContext {
  input: RecordSyncInput;
  state: RecordSyncState;
  settings: SyncSettings;
  alerts: AlertDelivery;
  decisions: DecisionBox;
  /** The event an operator's retry decision applies to (its next attempt resolves conflicts the source's way). */
  retryingEventId?: string;
  behaviour: RunBehaviour;
  /** Where a parked record's alert goes: its incident (runs with `incidentAlerts`). */
  incidents?: IncidentMembership;
  /** Where a warning that does not park goes: its incident, if its class groups (runs with `warningIncidents`). */
  warningIncidents?: WarningIncidentNotices;
  /** The record this run last approved (approval-gate.ts): a redrive of it is not asked again. */
  approved: ApprovedInThisRun;
}

/** Patch decisions of this run (src/workflows/patches.ts). */
interface RunBehaviour {
  documentedEventOrder: boolean;
  approvalAlertsNeverBlock: boolean;
  /** Only events the API encrypted are applied (docs/security.md). */
  trustedSourceEvents: boolean;
  /** A record's first run takes over what its previous completed run knew (previous-run.ts). */
  previousRun: boolean;
  /** Later versions update the targets as the lifecycle declares (record-versions.ts). */
  recordUpdates: boolean;
  /** Parked records carry LoudwireParkedClass and a reason every visibility store accepts. */
  searchableParkedReason: boolean;
  /** The parked reason search attribute carries no values (the codec cannot encrypt it). */
  valueFreeParkedReason: boolean;
  /** Records are scored against their integration's baseline before their writes (anomaly-check.ts). */
  anomalyChecks: boolean;
  /** Settings and previous run read in one local activity (lean-record-run.ts). */
  leanStart: boolean;
  /** A parked record joins the incident of its cause, which alerts once for all (incident-membership.ts). */
  incidentAlerts: boolean;
  /** The record keeps its event log in its memo and sets LoudwireLastEventAt (event-log.ts). */
  eventLog: boolean;
  /** Past its cold start, a record whose baseline does not answer is held, never written unscored. */
  unscoredHolds: boolean;
  /** Schema and target drift that do not park go to their incident, alerted once (warning-incident-notices.ts). */
  warningIncidents: boolean;
  /** The first event's memo entry and attributes stay as the API's start set them until it is taken up. */
  startPublishedByApi: boolean;
  /** A first version not scored has its approval policy evaluated by the mapping's local activity. */
  approvalWithMapping: boolean;
  /** Writes try once as a local activity before a regular one takes over their retries (target-write.ts). */
  localFirstWrites: boolean;
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
    const documentedOrder = context.behaviour.documentedEventOrder;
    await condition(
      () =>
        context.decisions.pending !== undefined ||
        state.pendingEvents.some((pending) =>
          documentedOrder ? supersedes(pending, event) : (pending.sequence ?? 0) > (event.sequence ?? 0),
        ),
    );
    const request = context.decisions.pending;
    context.decisions.pending = undefined;
    unpark(state);
    context.incidents?.leave(
      !request
        ? IncidentExit.superseded
        : request.action === RedriveAction.skip
          ? IncidentExit.skipped
          : IncidentExit.redriven,
    );
    if (!request) {
      log.info('Parked event superseded by a newer one', { eventId: event.eventId });
      return;
    }
    state.redrives += 1;
    if (request.action === RedriveAction.skip) {
      setStatus(state, context.behaviour, SyncStatus.skipped);
      return;
    }
    if (request.action === RedriveAction.retryWithPayload) payload = request.payload;
    context.retryingEventId = event.eventId;
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
      retry: toActivityRetryPolicy(settings.lookup.retry),
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
  const scored = context.behaviour.anomalyChecks && scoresEvent(settings, state, event);
  // A first version that is not scored asks its approval policy in the same local activity; the gate uses that
  // verdict only for a request with nothing but the mapped record (approval-gate.ts).
  const approvalAlongside = context.behaviour.approvalWithMapping && isFirstVersion(state) && !scored;
  const prepared = await prepareSourceRecord({
    integration: input.integration,
    payload,
    ...(lookup === undefined ? {} : { lookup }),
    ...(approvalAlongside ? { approvalFor: { workflowId: workflowInfo().workflowId } } : {}),
  });
  if (prepared.empty) return emptyPayloadIncident();

  const breaking = prepared.contractChanges.some(isBreaking);
  const omitted = prepared.contractChangesOmitted ?? 0;
  if (breaking) return schemaDriftIncident(prepared.contractChanges, true, omitted);
  if (prepared.contractChanges.length > 0) {
    // New fields alone do not stop the record, but the contract is out of date: say so once.
    raiseAlert(context, event, schemaDriftIncident(prepared.contractChanges, false, omitted));
  }

  const outcome = prepared.outcome!;
  state.warnings = outcome.warnings;
  if (outcome.status === 'rejected') return rejectedRecordIncident(outcome.reasons);
  // Scored against the integration's baseline before any write: held above its threshold, warned below it.
  const anomaly = scored
    ? await checkAgainstBaseline(
        { ...recordOf(input), canonical: outcome.canonical },
        context.behaviour.unscoredHolds
          ? { waitForBaselineMs: settings.anomalyBaselineWaitMs ?? defaultBaselineWaitMs }
          : {},
      )
    : undefined;
  if (anomaly) state.warnings = [...outcome.warnings, ...anomaly.warnings];
  // A record held because it could not be scored joins its integration's one AnomalyCheckUnavailable incident.
  const unscored =
    anomaly?.hold?.notScored && context.incidents && context.behaviour.approvalAlertsNeverBlock
      ? new UnscoredHoldAlerts(context.incidents, input.integration, anomaly.hold, (alert) =>
          context.alerts.raise(redactAlertRequest(alert)),
        )
      : undefined;
  if (settings.lifecycle && context.behaviour.recordUpdates) {
    // Later versions update what was written, as the integration's lifecycle declares (record-versions.ts).
    const run = {
      ...versionRun(context, event, settings.lifecycle),
      ...(prepared.approval ? { evaluatedWithMapping: prepared.approval } : {}),
    };
    if (!unscored) {
      return applyRecordVersion(anomaly?.hold ? { ...run, anomaly: anomaly.hold } : run, event, outcome);
    }
    const held = { ...run, anomaly: anomaly!.hold!, approvalAlert: unscored.approvalAlert };
    const incident = await applyRecordVersion(held, event, outcome);
    unscored.decided(state);
    return incident;
  }
  // A person decides before the guarded writes (docs/approvals.md); nothing to decide once every target is written.
  if ((Object.keys(outcome.targets) as TargetKey[]).some((target) => !writtenTo(state, target))) {
    const approval = await awaitApprovalIfRequired(
      {
        integration: input.integration,
        recordKey: input.recordKey,
        canonical: outcome.canonical,
        warnings: outcome.warnings,
        ...(anomaly?.hold ? { anomaly: anomaly.hold } : {}),
      },
      {
        setStatus: (status) => setStatus(state, context.behaviour, status),
        approved: context.approved,
        ...(unscored
          ? { raiseAlert: unscored.approvalAlert }
          : context.behaviour.approvalAlertsNeverBlock
            ? { raiseAlert: (alert: AlertRequest) => context.alerts.raise(redactAlertRequest(alert)) }
            : {}),
      },
      prepared.approval,
    );
    unscored?.decided(state);
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
      const result = await runTargetWrite(writePlan(context, target), 'deliverToTarget', {
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
  setStatus(state, context.behaviour, SyncStatus.synced);
  return undefined;
}

function recordOf(input: RecordSyncInput) {
  return { integration: input.integration, recordKey: input.recordKey };
}

function versionRun(
  context: RunContext,
  event: SourceEvent,
  lifecycle: NonNullable<SyncSettings['lifecycle']>,
): VersionRun {
  const { state, settings } = context;
  return {
    input: context.input,
    state,
    settings: { ...settings, lifecycle },
    retrying: context.retryingEventId === event.eventId,
    round: state.redrives > 0 ? `:r${state.redrives}` : '',
    writePlan: (target) => writePlan(context, target),
    alert: (incident) => raiseAlert(context, event, incident),
    ...(context.behaviour.approvalAlertsNeverBlock
      ? { approvalAlert: (alert: AlertRequest) => context.alerts.raise(redactAlertRequest(alert)) }
      : {}),
    // Approval details are shown by the gate itself; the parked reason is set only when parking.
    setStatus: (status) => setStatus(state, context.behaviour, status),
    approved: context.approved,
  };
}

/** Both targets failing is one incident for the record, named after the first failure. */
function combineIncidents(incidents: Incident[]): Incident {
  if (incidents.length === 1) return incidents[0]!;
  return {
    ...incidents[0]!,
    message: boundText(incidents.map((incident) => incident.message).join(' | ')),
    details: incidents.map((incident) => incident.details),
  };
}

function park(context: RunContext, event: SourceEvent, incident: Incident): void {
  const { state } = context;
  const incidentId = raiseAlert(context, event, incident, { park: true });
  state.parked = {
    incidentId,
    alertClass: incident.alertClass,
    reason: incident.message,
    eventId: event.eventId,
    since: Date.now(),
  };
  state.lastProblem = incident.message;
  setStatus(state, context.behaviour, SyncStatus.parked, incident);
  publishProgress(state);
  log.warn('Record parked', { incidentId, alertClass: incident.alertClass, reason: incident.message });
}

function unpark(state: RecordSyncState): void {
  state.parked = undefined;
}

/**
 * Sends the incident's one alert without waiting for it; it never fails or blocks the record. A parked record's
 * alert goes to the incident of its cause, which sends it only when the record is the first (runs with
 * `incidentAlerts`); so does a warning that parks nothing, if its class groups (runs with `warningIncidents`).
 */
function raiseAlert(
  context: RunContext,
  event: SourceEvent,
  incident: Incident,
  options: { park?: boolean } = {},
): string {
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
    // Bounded, so the alert activity's input stays far below Temporal's payload limit whatever the source sent.
    message: boundText(incident.message),
    payload: boundJson(event.payload),
    details: boundJson(incident.details),
  };
  if (options.park && context.incidents) {
    context.incidents.join(input.integration, incident, redactAlertRequest(alert));
    return incidentId;
  }
  if (!options.park && context.warningIncidents?.notice(input.source, incident, redactAlertRequest(alert))) {
    return incidentId;
  }
  context.alerts.raise(redactAlertRequest(alert));
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

/**
 * Parked reasons became visibility-safe (a class keyword plus colon-free text) in this change: records whose
 * history predates it replay the earlier upsert, whose value PostgreSQL visibility refused.
 */
const searchableParkedReasonPatch = 'searchable-parked-reason';

function setStatus(
  state: RecordSyncState,
  behaviour: RunBehaviour,
  status: SyncStatus,
  parkedBy?: Incident,
): void {
  const changed = state.status !== status;
  state.status = status;
  if (!changed && parkedBy === undefined) return;
  // The parked class and reason are searchable while parked and cleared afterwards.
  const parked = status === SyncStatus.parked ? parkedBy : undefined;
  if (behaviour.searchableParkedReason) {
    upsertSearchAttributes([
      { key: syncStatusAttribute, value: status },
      { key: parkedClassAttribute, value: parked ? parked.alertClass : null },
      {
        key: parkedReasonAttribute,
        value: parked
          ? searchableText(behaviour.valueFreeParkedReason ? maskValues(parked.message) : parked.message)
          : null,
      },
    ]);
    return;
  }
  upsertSearchAttributes([
    { key: syncStatusAttribute, value: status },
    {
      key: parkedReasonAttribute,
      value: parked ? `${parked.alertClass}: ${parked.message}`.slice(0, 500) : null,
    },
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
  for (const alert of state.undeliveredAlerts ?? []) {
    lines.push(`**AlertUndelivered (${alert.alertClass}):** ${alert.incidentId}, still retrying`);
  }
  for (const warning of state.warnings) lines.push(`- ⚠ ${warning.field}: ${warning.reason}`);
  setCurrentDetails(lines.join('\n'));
}

/**
 * The order before `documentedEventOrder`: unversioned events counted as version 0 (so all but the first were
 * stale) and version ties compared timestamps as strings. Kept, unchanged, for histories recorded before it.
 */
function takeNextEventAsBeforeDocumentedOrder(pending: SourceEvent[]): SourceEvent {
  pending.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.occurredAt.localeCompare(b.occurredAt));
  return pending.shift()!;
}

/** No version of this record was written, shown to approvers or synced yet: its approval asks about it alone. */
function isFirstVersion(state: RecordSyncState): boolean {
  return Object.keys(state.writes).length === 0 && !state.approvalShown && !state.syncedCanonical;
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

/**
 * How a write to the target runs: its timeout and retry policy, and a rate-limited target's writes on its
 * destination's task queue, which Temporal dispatches at the destination's rate (src/flow-control/); settings
 * recorded without one keep the run's queue. Runs with `localFirstWrites` try every other write locally first.
 */
function writePlan(context: RunContext, target: TargetKey): TargetWritePlan {
  const { settings } = context;
  const taskQueue = settings.writeTaskQueues?.[target];
  return {
    timeoutMs: settings.writeTimeouts?.[target] ?? settings.writeTimeoutMs,
    retry: retryPolicyFor(settings, target),
    ...(taskQueue === undefined ? {} : { taskQueue }),
    localFirst: context.behaviour.localFirstWrites,
  };
}

/** Only for a target missing from recorded settings (a record whose integration gained a target meanwhile). */
const defaultRetryPolicy = {
  maximumAttempts: 8,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
};
