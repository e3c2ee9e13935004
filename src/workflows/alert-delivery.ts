import { isCancellation, log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { AlertRequest, LoudwireActivities } from '../activities/create-activities';
import { alertUndeliveredAttribute } from '../temporal/search-attributes';
import { alertActivityOptions } from './alert-activity-options';

/** Undelivered alerts a record carries (across continue-as-new); older ones stay in the log only. */
export const maxCarriedUndeliveredAlerts = 20;

/** Where a record keeps the alerts that have not landed yet (part of its state, so it survives continue-as-new). */
export interface UndeliveredAlertsHolder {
  undeliveredAlerts?: AlertRequest[];
}

/**
 * A record's alerts, delivered without ever failing or blocking the record. Each alert is one `sendAlert`
 * activity retried for `retryWindowMs`; when that window passes, the alert is marked undelivered — searchable as
 * `LoudwireAlertUndelivered = "<class>"`, in the current details, at error level in the log — and a new window
 * starts, for as long as it takes. The alert activity logs every attempt, so the log always has the alert.
 */
export class AlertDelivery {
  readonly #holder: UndeliveredAlertsHolder;
  readonly #sendAlert: LoudwireActivities['sendAlert'];
  readonly #onChange: () => void;
  readonly #firstRounds: Promise<void>[] = [];

  constructor(holder: UndeliveredAlertsHolder, retryWindowMs: number, onChange: () => void) {
    this.#holder = holder;
    this.#onChange = onChange;
    this.#sendAlert = proxyActivities<LoudwireActivities>({
      ...alertActivityOptions,
      scheduleToCloseTimeout: retryWindowMs,
    }).sendAlert;
  }

  /** Starts delivering a new alert. */
  raise(alert: AlertRequest): void {
    let endFirstRound!: () => void;
    this.#firstRounds.push(new Promise<void>((resolve) => (endFirstRound = resolve)));
    void this.#deliver(alert, endFirstRound);
  }

  /** Resumes delivery of the alerts a previous run could not deliver. */
  resumeCarried(): void {
    for (const alert of this.#holder.undeliveredAlerts ?? []) void this.#deliver(alert, () => undefined);
  }

  /** Resolves once every alert raised in this run has landed or been marked undelivered. Never rejects. */
  async firstRoundsSettled(): Promise<void> {
    await Promise.all(this.#firstRounds);
  }

  hasUndelivered(): boolean {
    return (this.#holder.undeliveredAlerts?.length ?? 0) > 0;
  }

  async #deliver(alert: AlertRequest, endFirstRound: () => void): Promise<void> {
    for (let round = 1; ; round += 1) {
      try {
        await this.#sendAlert(alert);
        break;
      } catch (error) {
        if (isCancellation(error)) return endFirstRound();
        if (round === 1) this.#markUndelivered(alert);
        endFirstRound();
        log.error('Alert undelivered; retrying', {
          incidentId: alert.incidentId,
          alertClass: alert.alertClass,
          round,
          error: String(error instanceof Error && error.cause instanceof Error ? error.cause.message : error),
        });
      }
    }
    this.#markDelivered(alert);
    endFirstRound();
  }

  #markUndelivered(alert: AlertRequest): void {
    const list = (this.#holder.undeliveredAlerts ??= []);
    if (list.some((known) => known.incidentId === alert.incidentId)) return; // carried from a previous run
    list.push(alert);
    if (list.length > maxCarriedUndeliveredAlerts) list.shift();
    this.#publish();
  }

  #markDelivered(alert: AlertRequest): void {
    const list = this.#holder.undeliveredAlerts;
    const index = list?.findIndex((known) => known.incidentId === alert.incidentId) ?? -1;
    if (index < 0) return;
    list!.splice(index, 1);
    log.info('Undelivered alert delivered', { incidentId: alert.incidentId, alertClass: alert.alertClass });
    this.#publish();
  }

  #publish(): void {
    const oldest = this.#holder.undeliveredAlerts?.[0];
    upsertSearchAttributes([{ key: alertUndeliveredAttribute, value: oldest ? oldest.alertClass : null }]);
    this.#onChange();
  }
}
