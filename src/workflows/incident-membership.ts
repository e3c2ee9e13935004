import {
  isCancellation,
  log,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AlertRequest, LoudwireActivities } from '../activities/create-activities';
import { boundJson } from '../bounds/bounds';
import {
  causeFingerprint,
  incidentWorkflowId,
  recordItself,
  type IncidentKey,
} from '../incidents/incident-key';
import { incidentAttribute } from '../temporal/search-attributes';
import type { AlertDelivery } from './alert-delivery';
import { alertActivityOptions } from './alert-activity-options';
import type { Incident } from './classify-incident';
import type { IncidentExit } from './incident-messages';

/**
 * Records parked by one cause share one incident and one alert (issue 15): the record joins the incident instead
 * of alerting itself. Decided at the start of a run; records started before keep one alert each.
 */
export const incidentAlertsPatch = 'incident-alerts';

/** Join and leave signals carry a smaller payload than an alert: every member's join is in the incident's history. */
const maxJoinPayloadChars = 4_096;

/**
 * A record's membership in the incident it is parked on. Joins and leaves go out one after the other (an
 * incident never sees a record leave before it joined), never block the record, and when an incident cannot be
 * reached for a whole alert retry window the record sends its own alert instead, so nothing fails quietly.
 */
export class IncidentMembership {
  readonly #alerts: AlertDelivery;
  readonly #joinIncident: LoudwireActivities['joinIncident'];
  readonly #leaveIncident: LoudwireActivities['leaveIncident'];
  #pending: Promise<void> = Promise.resolve();
  #current?: string;

  constructor(alerts: AlertDelivery, retryWindowMs: number) {
    this.#alerts = alerts;
    const activities = proxyActivities<LoudwireActivities>({
      ...alertActivityOptions,
      scheduleToCloseTimeout: retryWindowMs,
    });
    this.#joinIncident = activities.joinIncident;
    this.#leaveIncident = activities.leaveIncident;
  }

  /** Joins the incident of this failure; returns its ID (also the record's `LoudwireIncident`). */
  join(integration: string, incident: Incident, alert: AlertRequest): string {
    const key = incidentKeyOf(integration, incident);
    const { workflowId, taskQueue } = workflowInfo();
    const incidentWorkflow = incidentWorkflowId(taskQueue, key);
    this.#current = incidentWorkflow;
    upsertSearchAttributes([{ key: incidentAttribute, value: incidentWorkflow }]);
    const join = {
      workflowId,
      recordKey: alert.recordKey,
      alert: {
        ...alert,
        payload: boundJson(alert.payload, maxJoinPayloadChars),
        details: boundJson(alert.details, maxJoinPayloadChars),
      },
    };
    this.#then(async () => {
      try {
        await this.#joinIncident({ incidentWorkflowId: incidentWorkflow, key, join });
      } catch (error) {
        if (isCancellation(error)) return;
        log.error('Incident unreachable; the record alerts on its own', { incidentWorkflow });
        this.#alerts.raise(alert);
      }
    });
    return incidentWorkflow;
  }

  /** The record is no longer parked on its incident (an operator decided, or a newer event took over). */
  leave(exit: IncidentExit): void {
    const incidentWorkflow = this.#current;
    if (!incidentWorkflow) return;
    this.#current = undefined;
    upsertSearchAttributes([{ key: incidentAttribute, value: null }]);
    const { workflowId } = workflowInfo();
    this.#then(async () => {
      try {
        await this.#leaveIncident({ incidentWorkflowId: incidentWorkflow, leave: { workflowId, exit } });
      } catch (error) {
        if (!isCancellation(error))
          log.error('Could not tell the incident the record left', { incidentWorkflow });
      }
    });
  }

  /** Resolves once every join and leave has been delivered (or given up). Never rejects. */
  settled(): Promise<void> {
    return this.#pending;
  }

  #then(step: () => Promise<void>): void {
    this.#pending = this.#pending.then(step);
  }
}

/** Integration, target, class and cause fingerprint of a failure. */
export function incidentKeyOf(integration: string, incident: Incident): IncidentKey {
  // A record that failed on several targets joins the incident of its first failure (the one it is named after).
  const combined = Array.isArray(incident.details);
  const first: unknown = combined ? (incident.details as unknown[])[0] : incident.details;
  const facts = (first && typeof first === 'object' ? first : {}) as {
    target?: unknown;
    failureType?: unknown;
  };
  const target = typeof facts.target === 'string' ? facts.target : recordItself;
  const failureType = typeof facts.failureType === 'string' ? facts.failureType : '';
  const cause = combined ? (incident.message.split(' | ')[0] ?? incident.message) : incident.message;
  return {
    integration,
    target,
    alertClass: incident.alertClass,
    fingerprint: causeFingerprint(`${failureType}|${cause}`),
  };
}
