import type { AlertRequest } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';
import { boundText } from '../bounds/bounds';
import type { IncidentState } from '../workflows/incident-messages';
import { formatDuration, members } from './incident-alerts';

/**
 * The alerts of an incident of warnings (records that went on, e.g. a payload with a new field): the first
 * record's alert opens it, a digest reports how many more showed the same thing, and one message says when none
 * has for the quiet window. Their `incidentId`s are stable per incident, so a sink can dedupe retried deliveries.
 */
export function warningOpeningAlert(
  incidentId: string,
  state: IncidentState,
  first: AlertRequest,
): AlertRequest {
  return {
    ...first,
    message: boundText(
      `${first.message} — incident ${incidentId} opened; later records showing the same change join it ` +
        `without alerting; it resolves after ${formatDuration(state.quietWindowMs ?? 0)} without one`,
    ),
    details: { ...(first.details as object), incident: describe(incidentId, state) },
  };
}

export function warningDigestAlert(incidentId: string, state: IncidentState): AlertRequest {
  return {
    incidentId: `${incidentId}:${state.openedAt}:digest:${state.digests + 1}`,
    alertClass: AlertClass.incidentDigest,
    severity: 'warning',
    integration: state.key.integration,
    recordKey: `${state.joined} record${state.joined === 1 ? '' : 's'}`,
    workflowId: incidentId,
    message: boundText(
      `Incident ${incidentId} is still open: ${state.key.alertClass} on ${state.key.target}, ` +
        `${state.joined} record(s) showed it (${state.joinedSinceDigest} since the last message), ` +
        `each went on. Cause: ${state.cause}. Records: ${members(state)}.`,
    ),
    details: describe(incidentId, state),
  };
}

export function warningResolvedAlert(
  incidentId: string,
  state: IncidentState,
  resolvedAt: number,
): AlertRequest {
  return {
    incidentId: `${incidentId}:${state.openedAt}:resolved`,
    alertClass: AlertClass.incidentResolved,
    severity: 'warning',
    integration: state.key.integration,
    recordKey: `${state.joined} record${state.joined === 1 ? '' : 's'}`,
    workflowId: incidentId,
    message: boundText(
      `Incident ${incidentId} resolved: no record has shown ${state.key.alertClass} on ${state.key.target} ` +
        `for ${formatDuration(resolvedAt - (state.lastSeenAt ?? state.openedAt))}; ${state.joined} record(s) ` +
        `showed it in ${formatDuration((state.lastSeenAt ?? state.openedAt) - state.openedAt)}. ` +
        `Records: ${members(state)}.`,
    ),
    details: { ...describe(incidentId, state), resolvedAt: new Date(resolvedAt).toISOString() },
  };
}

function describe(incidentId: string, state: IncidentState) {
  return {
    id: incidentId,
    kind: state.kind,
    ...state.key,
    openedAt: new Date(state.openedAt).toISOString(),
    lastSeenAt: new Date(state.lastSeenAt ?? state.openedAt).toISOString(),
    joined: state.joined,
    sightings: state.sightings ?? state.joined,
    digests: state.digests,
    members: state.listed.map((member) => member.workflowId),
    ...(state.joined > state.listed.length ? { membersOmitted: state.joined - state.listed.length } : {}),
  };
}
