import type { AlertRequest } from '../activities/create-activities';
import { AlertClass } from '../alerts/alert';
import { redactAlertRequest } from '../alerts/redact-alert-request';
import type { AnomalyHold } from '../anomaly/anomaly-hold';
import type { IncidentMembership } from './incident-membership';
import { IncidentExit } from './incident-messages';
import { SyncStatus, type RecordSyncState } from './record-sync-messages';

/**
 * The alert of a record held because it could not be scored (anomaly-check.ts). A baseline that stops answering
 * holds every record of its integration: instead of one ApprovalRequested alert per record, each record joins one
 * `AnomalyCheckUnavailable` incident of its integration, which alerts once (with the first record's approval link)
 * and then counts members in its digests. The record leaves the incident once its approval is decided.
 */
export class UnscoredHoldAlerts {
  #joined = false;

  constructor(
    private readonly incidents: IncidentMembership,
    private readonly integration: string,
    private readonly hold: AnomalyHold,
    private readonly otherAlerts: (alert: AlertRequest) => void,
  ) {}

  /** The approval gate's alert hook: the first approval request joins the incident; escalations go as usual. */
  readonly approvalAlert = (alert: AlertRequest): void => {
    if (alert.alertClass !== AlertClass.approvalRequested || this.#joined) {
      this.otherAlerts(alert);
      return;
    }
    this.#joined = true;
    const reason = this.hold.reasons[0] ?? 'not scored';
    const message =
      `${alert.integration}: ${reason}; held for approval, so that nothing past the cold start is written ` +
      `unscored. ${alert.message}`;
    this.incidents.join(
      this.integration,
      { alertClass: AlertClass.anomalyCheckUnavailable, severity: 'critical', message: reason },
      redactAlertRequest({
        ...alert,
        alertClass: AlertClass.anomalyCheckUnavailable,
        severity: 'critical',
        message,
      }),
    );
  };

  /** The approval was decided (or superseded): the record leaves the incident, counted by how it left. */
  decided(state: RecordSyncState): void {
    if (!this.#joined) return;
    this.#joined = false;
    const status = state.status;
    this.incidents.leave(
      state.approvalShown !== undefined
        ? IncidentExit.superseded
        : status === SyncStatus.approvalRejected || status === SyncStatus.approvalExpired
          ? IncidentExit.skipped
          : IncidentExit.redriven, // approved: the record went on to its writes
    );
  }
}
