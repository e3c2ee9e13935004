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
import {
  warningDigestAlert,
  warningOpeningAlert,
  warningResolvedAlert,
} from '../incidents/warning-incident-alerts';
import { AlertDelivery, type UndeliveredAlertsHolder } from './alert-delivery';
import {
  incidentJoinSignal,
  incidentStateQuery,
  maxListedMembers,
  warningIncidentKind,
  type IncidentInput,
  type IncidentJoin,
  type IncidentResult,
  type IncidentState,
} from './incident-messages';
import { continueAsNewDue } from './continue-as-new-due';

const { readIncidentSettings } = proxyLocalActivities<LoudwireActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3 },
});

/**
 * Records an incident counts once each; past this many it stops remembering them (about 20 bytes each in the
 * carried state), and a record seen again after that may count twice. `sightings` stays exact.
 */
export const maxRememberedMembers = 10_000;

/**
 * An incident of warnings: records that showed one cause and went on (a payload with a new field, a field a
 * person changed on a target). Started by the first record's notice (signal-with-start), which it sends as its one
 * opening alert; later records join silently, counted and the first 20 listed. While records keep joining it
 * sends a digest every INCIDENT_DIGEST_INTERVAL (none when nobody joined since the last message); when no record
 * has shown the cause for INCIDENT_QUIET_WINDOW it sends one resolved message and completes. A record showing it
 * after that opens a new incident, with a new alert. Nothing here ever waits on or holds a record.
 */
export async function warningIncidentRun(input: IncidentInput): Promise<IncidentResult> {
  let state: IncidentState | undefined = input.carried;
  const seen = new Set(state?.seen ?? []);
  let opening: AlertRequest | undefined;
  // Set once the resolved message is decided: later notices belong to the next incident of this cause.
  const next: { joins?: IncidentJoin[] } = {};

  const applyJoin = (join: IncidentJoin) => {
    if (next.joins) {
      next.joins.push(join);
      return;
    }
    state ??= freshState(input, join);
    if (!state.cause) opening ??= join.alert;
    state.sightings = (state.sightings ?? 0) + 1;
    state.lastSeenAt = Date.now();
    const member = shortHash(join.workflowId);
    if (seen.has(member)) return; // the same record again (another event, or a retried delivery)
    if (seen.size < maxRememberedMembers) seen.add(member);
    state.joined += 1;
    state.joinedSinceDigest += 1;
    if (state.listed.length < maxListedMembers) {
      state.listed.push({ workflowId: join.workflowId, recordKey: join.recordKey, joinedAt: Date.now() });
    }
  };
  setHandler(incidentJoinSignal, applyJoin);
  // Queried without the remembered hashes: `loudwire incidents` needs the counts, not 10,000 hashes.
  setHandler(incidentStateQuery, () => ({ ...(state ?? freshState(input)), seen: undefined }));
  for (const join of input.joins ?? []) applyJoin(join);

  const settings = await readIncidentSettings();
  const holder: UndeliveredAlertsHolder = { undeliveredAlerts: input.carried?.undeliveredAlerts ?? [] };
  const alerts = new AlertDelivery(holder, settings.alertRetryWindowMs, () => undefined);
  alerts.resumeCarried();
  const { workflowId } = workflowInfo();

  await condition(() => state !== undefined);
  const incident = state!;
  incident.quietWindowMs = settings.quietWindowMs;
  if (opening) {
    incident.cause = opening.message;
    incident.severity = opening.severity;
    incident.nextDigestAt = Date.now() + settings.digestIntervalMs;
    alerts.raise(warningOpeningAlert(workflowId, snapshot(incident, seen), opening));
    incident.joinedSinceDigest = 0;
  }

  for (;;) {
    const lastSeenAt = incident.lastSeenAt ?? incident.openedAt;
    const quietAt = lastSeenAt + settings.quietWindowMs;
    const wakeAt = Math.min(quietAt, incident.nextDigestAt);
    // Joins do not wake it (no timer per join): at the wake-up it checks whether one moved the quiet window on.
    await condition(
      () => continueAsNewDue(settings.continueAsNewAfterEvents),
      Math.max(1, wakeAt - Date.now()),
    );
    if (continueAsNewDue(settings.continueAsNewAfterEvents)) {
      await alerts.firstRoundsSettled(); // undelivered ones travel in the state and are resumed
      await condition(allHandlersFinished);
      return continueAsNew<typeof warningIncidentRun>({
        key: input.key,
        kind: warningIncidentKind,
        carried: { ...snapshot(incident, seen), undeliveredAlerts: holder.undeliveredAlerts ?? [] },
      });
    }
    const now = Date.now();
    if (now >= (incident.lastSeenAt ?? incident.openedAt) + settings.quietWindowMs) break;
    if (now >= incident.nextDigestAt) {
      // A digest says how many more showed it; with nobody new it would only repeat the opening alert.
      if (incident.joinedSinceDigest > 0) {
        alerts.raise(warningDigestAlert(workflowId, snapshot(incident, seen)));
        incident.digests += 1;
        incident.joinedSinceDigest = 0;
      }
      incident.nextDigestAt = now + settings.digestIntervalMs;
    }
  }

  const resolvedAt = Date.now();
  const joinsForNextIncident: IncidentJoin[] = (next.joins = []);
  alerts.raise(warningResolvedAlert(workflowId, snapshot(incident, seen), resolvedAt));
  await alerts.firstRoundsSettled();
  // An incident does not close with an alert that never landed (it shows LoudwireAlertUndelivered meanwhile).
  await condition(() => !alerts.hasUndelivered());
  await condition(allHandlersFinished);
  if (joinsForNextIncident.length > 0) {
    // Records showed the cause again while the resolved message went out: they open the next incident.
    return continueAsNew<typeof warningIncidentRun>({
      key: input.key,
      kind: warningIncidentKind,
      joins: joinsForNextIncident,
    });
  }
  return {
    key: input.key,
    kind: warningIncidentKind,
    openedAt: incident.openedAt,
    resolvedAt,
    joined: incident.joined,
    sightings: incident.sightings ?? incident.joined,
    left: incident.left,
    digests: incident.digests,
    listed: incident.listed,
    cause: incident.cause,
  };
}

function freshState(input: IncidentInput, join?: IncidentJoin): IncidentState {
  return {
    key: input.key,
    kind: warningIncidentKind,
    openedAt: Date.now(),
    cause: '',
    severity: join?.alert.severity ?? 'warning',
    joined: 0,
    sightings: 0,
    open: [],
    listed: [],
    left: { redriven: 0, skipped: 0, superseded: 0 },
    digests: 0,
    joinedSinceDigest: 0,
    nextDigestAt: Number.MAX_SAFE_INTEGER,
  };
}

function snapshot(state: IncidentState, seen: Set<string>): IncidentState {
  return { ...state, seen: [...seen] };
}
