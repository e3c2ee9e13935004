import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertRequest, LoudwireActivities } from '../activities/create-activities';
import { shortHash } from '../incidents/incident-key';
import { digestAlert, openingAlert, resolvedAlert } from '../incidents/incident-alerts';
import { AlertDelivery, type UndeliveredAlertsHolder } from './alert-delivery';
import {
  incidentJoinSignal,
  incidentLeaveSignal,
  incidentStateQuery,
  maxListedMembers,
  warningIncidentKind,
  type IncidentInput,
  type IncidentJoin,
  type IncidentResult,
  type IncidentState,
} from './incident-messages';
import { warningIncidentRun } from './warning-incident';
import { continueAsNewDue } from './continue-as-new-due';

const { readIncidentSettings } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/**
 * One incident: the records one cause parked (same integration, target, class and cause fingerprint). Started by
 * the first record's `joinIncident` (signal-with-start), it sends that record's alert as its one opening alert;
 * later records join silently and are counted. While records stay parked it sends a digest every
 * INCIDENT_DIGEST_INTERVAL; when the last one leaves (redriven, skipped or superseded) it sends one resolved
 * message and completes. A record that fails again after that opens a new incident, with a new alert.
 */
export async function incidentWorkflow(input: IncidentInput): Promise<IncidentResult> {
  // Warnings that parked nothing resolve by a quiet window instead (warning-incident.ts); their input says so.
  if (input.kind === warningIncidentKind) return warningIncidentRun(input);
  let state: IncidentState | undefined = input.carried;
  const open = new Set(state?.open ?? []);
  let opening: AlertRequest | undefined;
  // Set once the resolved message is decided: later joins belong to the next incident of this cause.
  let joinsForNextIncident: IncidentJoin[] | undefined;

  const applyJoin = (join: IncidentJoin) => {
    if (joinsForNextIncident) {
      joinsForNextIncident.push(join);
      return;
    }
    state ??= freshState(input, join);
    if (!state.cause) opening ??= join.alert;
    const member = shortHash(join.workflowId);
    if (open.has(member)) return; // a retried delivery of the same join
    open.add(member);
    state.joined += 1;
    state.joinedSinceDigest += 1;
    if (state.listed.length < maxListedMembers) {
      state.listed.push({ workflowId: join.workflowId, recordKey: join.recordKey, joinedAt: Date.now() });
    }
  };
  setHandler(incidentJoinSignal, applyJoin);
  setHandler(incidentLeaveSignal, (leave) => {
    if (joinsForNextIncident) {
      joinsForNextIncident = joinsForNextIncident.filter((join) => join.workflowId !== leave.workflowId);
      return;
    }
    if (!state || !open.delete(shortHash(leave.workflowId))) return; // already left, or never joined this run
    state.left[leave.exit] += 1;
  });
  setHandler(incidentStateQuery, () => snapshot(state ?? freshState(input), open));
  for (const join of input.joins ?? []) applyJoin(join);

  const settings = await readIncidentSettings();
  const holder: UndeliveredAlertsHolder = { undeliveredAlerts: input.carried?.undeliveredAlerts ?? [] };
  const alerts = new AlertDelivery(holder, settings.alertRetryWindowMs, () => undefined);
  alerts.resumeCarried();
  const { workflowId } = workflowInfo();

  await condition(() => state !== undefined);
  const incident = state!;
  if (opening) {
    incident.cause = opening.message;
    incident.severity = opening.severity;
    incident.nextDigestAt = Date.now() + settings.digestIntervalMs;
    alerts.raise(openingAlert(workflowId, snapshot(incident, open), opening));
  }

  for (;;) {
    const untilDigest = Math.max(1, incident.nextDigestAt - Date.now());
    const woken = await condition(
      () => open.size === 0 || continueAsNewDue(settings.continueAsNewAfterEvents),
      untilDigest,
    );
    if (open.size === 0) break;
    if (continueAsNewDue(settings.continueAsNewAfterEvents)) {
      // Alerts still being delivered are carried (undelivered ones) or settle first, so none is lost.
      await alerts.firstRoundsSettled();
      await condition(allHandlersFinished);
      return continueAsNew<typeof incidentWorkflow>({
        key: input.key,
        carried: { ...snapshot(incident, open), undeliveredAlerts: holder.undeliveredAlerts ?? [] },
      });
    }
    if (!woken) {
      alerts.raise(digestAlert(workflowId, snapshot(incident, open)));
      incident.digests += 1;
      incident.joinedSinceDigest = 0;
      incident.nextDigestAt = Date.now() + settings.digestIntervalMs;
    }
  }

  const resolvedAt = Date.now();
  joinsForNextIncident = [];
  alerts.raise(resolvedAlert(workflowId, snapshot(incident, open), resolvedAt));
  await alerts.firstRoundsSettled();
  // An incident does not close with an alert that never landed (it shows LoudwireAlertUndelivered meanwhile).
  await condition(() => !alerts.hasUndelivered());
  await condition(allHandlersFinished);
  if (joinsForNextIncident.length > 0) {
    // Records joined while the resolved message went out: they open the next incident of this cause.
    return continueAsNew<typeof incidentWorkflow>({ key: input.key, joins: joinsForNextIncident });
  }
  return {
    key: input.key,
    openedAt: incident.openedAt,
    resolvedAt,
    joined: incident.joined,
    left: incident.left,
    digests: incident.digests,
    listed: incident.listed,
    cause: incident.cause,
  };
}

function freshState(input: IncidentInput, join?: IncidentJoin): IncidentState {
  return {
    key: input.key,
    openedAt: Date.now(),
    cause: '',
    severity: join?.alert.severity ?? 'critical',
    joined: 0,
    open: [],
    listed: [],
    left: { redriven: 0, skipped: 0, superseded: 0 },
    digests: 0,
    joinedSinceDigest: 0,
    nextDigestAt: Number.MAX_SAFE_INTEGER,
  };
}

function snapshot(state: IncidentState, open: Set<string>): IncidentState {
  return { ...state, open: [...open] };
}
