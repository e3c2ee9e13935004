import type { Logger } from '../logging/logger';
import { printableKey } from '../keys/printable-key';
import { redactSensitive } from '../logging/sensitive-fields';
import type { Alert } from './alert';
import { toSlackMessage } from './slack-message';

export interface AlertSenderSettings {
  /** Slack-compatible incoming webhook; when unset, alerts go to the log only. */
  webhookUrl?: string;
  timeoutMs: number;
}

/** Thrown when the alert webhook does not take the alert; the activity's retries send it again. */
export class AlertDeliveryError extends Error {
  override readonly name = 'AlertDeliveryError';
}

/**
 * Delivers an alert on every channel: always the log (one JSON line at error or warn level), and the HTTP
 * webhook when configured. The payload is redacted here, at the last step before it leaves the process, so
 * no caller can forget to.
 */
export function createAlertSender(settings: AlertSenderSettings, logger: Logger) {
  return async function sendAlert(alert: Alert): Promise<{ channels: string[] }> {
    const safe: Alert = {
      ...alert,
      payload: redactSensitive(alert.payload),
      details: redactSensitive(alert.details),
    };
    const level = safe.severity === 'critical' ? 'error' : 'warn';
    logger[level]({ alert: safe }, `ALERT ${safe.alertClass}: ${safe.message}`);
    if (!settings.webhookUrl) return { channels: ['log'] };
    let response: Response;
    try {
      response = await fetch(settings.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': printableKey(safe.incidentId) },
        body: JSON.stringify(toSlackMessage(safe)),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      throw new AlertDeliveryError(`alert webhook unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AlertDeliveryError(`alert webhook answered HTTP ${response.status}`);
    return { channels: ['log', 'webhook'] };
  };
}
