import { isCancellation, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AlertRequest, LoudwireActivities } from '../activities/create-activities';
import { boundJson } from '../bounds/bounds';
import { incidentWorkflowId } from '../incidents/incident-key';
import { warningIncidentKeyOf } from '../incidents/warning-incident-key';
import type { AlertDelivery } from './alert-delivery';
import { alertActivityOptions } from './alert-activity-options';
import type { Incident } from './classify-incident';

/**
 * Warnings that do not park a record (schema drift it still processes, target drift) group into incidents like
 * parked failures (issue 15: "schema-drift warnings alert once per record"): the record notices the incident of
 * its warning instead of alerting. Decided at the start of a run; runs started before keep one alert each.
 */
export const warningIncidentsPatch = 'warning-incidents';

/** A notice carries a smaller payload than an alert: every notice is in the incident's history. */
const maxNoticePayloadChars = 4_096;

/**
 * A record's notices to the incidents of its warnings. Fire-and-forget: the record goes on at once; a notice is
 * an activity retried for the alert retry window, and when the incident cannot be reached for all of it the
 * record sends its own alert instead, so the warning is never lost. Nothing here fails the record's task.
 */
export class WarningIncidentNotices {
  readonly #alerts: AlertDelivery;
  readonly #noticeWarningIncident: LoudwireActivities['noticeWarningIncident'];
  readonly #pending: Promise<void>[] = [];

  constructor(alerts: AlertDelivery, retryWindowMs: number) {
    this.#alerts = alerts;
    this.#noticeWarningIncident = proxyActivities<LoudwireActivities>({
      ...alertActivityOptions,
      scheduleToCloseTimeout: retryWindowMs,
    }).noticeWarningIncident;
  }

  /**
   * Sends the warning to its incident when its class groups (warning-incident-key.ts); false when it alerts per
   * record, and the caller sends the alert itself.
   */
  notice(source: string, incident: Incident, alert: AlertRequest): boolean {
    const key = warningIncidentKeyOf(alert.integration, source, incident);
    if (!key) return false;
    const { workflowId, taskQueue } = workflowInfo();
    const incidentWorkflow = incidentWorkflowId(taskQueue, key);
    const join = {
      workflowId,
      recordKey: alert.recordKey,
      alert: {
        ...alert,
        payload: boundJson(alert.payload, maxNoticePayloadChars),
        details: boundJson(alert.details, maxNoticePayloadChars),
      },
    };
    const delivery = this.#noticeWarningIncident({ incidentWorkflowId: incidentWorkflow, key, join }).catch(
      (error: unknown) => {
        if (isCancellation(error)) return;
        log.error('Warning incident unreachable; the record alerts on its own', { incidentWorkflow });
        this.#alerts.raise(alert);
      },
    );
    this.#pending.push(delivery);
    return true;
  }

  /** Resolves once every notice has been delivered or handed to the record's own alert. Never rejects. */
  async settled(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
