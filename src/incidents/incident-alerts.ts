import type { AlertRequest } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';
import { andMore, boundText } from '../bounds/bounds';
import type { IncidentState } from '../workflows/incident-messages';

/**
 * The alerts an incident sends: the opening one (its first record's alert, naming the incident), a digest while
 * it stays open, and one when it resolves. Their `incidentId`s are stable per incident, so a sink that receives
 * one twice (a retried delivery) can dedupe.
 */
export function openingAlert(incidentId: string, state: IncidentState, first: AlertRequest): AlertRequest {
  return {
    // The first record's own incident ID: sinks that dedupe on it see the same alert the record would have sent.
    ...first,
    message: boundText(
      `${first.message} — incident ${incidentId} opened; later records with this cause join it without alerting`,
    ),
    details: { ...(first.details as object), incident: describe(incidentId, state) },
  };
}

export function digestAlert(incidentId: string, state: IncidentState): AlertRequest {
  const open = state.open.length;
  return {
    incidentId: `${incidentId}:${state.openedAt}:digest:${state.digests + 1}`,
    alertClass: AlertClass.incidentDigest,
    severity: state.severity,
    integration: state.key.integration,
    recordKey: `${open} parked record${open === 1 ? '' : 's'}`,
    workflowId: incidentId,
    message: boundText(
      `Incident ${incidentId} is still open: ${state.key.alertClass} on ${state.key.target}, ` +
        `${open} record(s) parked, ${state.joinedSinceDigest} joined since the last message, ` +
        `${state.joined} in all. Cause: ${state.cause}. Members: ${members(state)}. ` +
        `Plan a redrive: loudwire redrive --incident ${incidentId} --plan`,
    ),
    details: describe(incidentId, state),
  };
}

export function resolvedAlert(incidentId: string, state: IncidentState, resolvedAt: number): AlertRequest {
  const { redriven, skipped, superseded } = state.left;
  return {
    incidentId: `${incidentId}:${state.openedAt}:resolved`,
    alertClass: AlertClass.incidentResolved,
    severity: 'warning',
    integration: state.key.integration,
    recordKey: `${state.joined} record${state.joined === 1 ? '' : 's'}`,
    workflowId: incidentId,
    message: boundText(
      `Incident ${incidentId} resolved after ${formatDuration(resolvedAt - state.openedAt)}: ` +
        `${state.key.alertClass} on ${state.key.target}, ${state.joined} record(s) — ${redriven} redriven, ` +
        `${skipped} skipped, ${superseded} superseded by a newer event. Members: ${members(state)}.`,
    ),
    details: { ...describe(incidentId, state), resolvedAt: new Date(resolvedAt).toISOString() },
  };
}

function describe(incidentId: string, state: IncidentState) {
  return {
    id: incidentId,
    ...state.key,
    openedAt: new Date(state.openedAt).toISOString(),
    joined: state.joined,
    open: state.open.length,
    left: state.left,
    digests: state.digests,
    members: state.listed.map((member) => member.workflowId),
    ...(state.joined > state.listed.length ? { membersOmitted: state.joined - state.listed.length } : {}),
    find: `LoudwireIncident = "${incidentId}"`,
  };
}

/** The incident's listed members by record key, then how many more joined (shared by warning incidents). */
export function members(state: IncidentState): string {
  const names = state.listed.map((member) => member.recordKey).join(', ');
  const omitted = state.joined - state.listed.length;
  return omitted > 0 ? `${names}, ${andMore(omitted)}` : names;
}

/** `45 s`, `12 min`, `3.5 h`: how long an incident lasted, as alerts say it. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}
