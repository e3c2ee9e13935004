// Workflow-safe: the workflows redact an alert before they schedule it.
import { redactSensitive } from '../logging/sensitive-fields';

/**
 * The alert as the workflow hands it to the `sendAlert` activity: payload and details with every sensitive field
 * redacted. Redacting here, before scheduling, keeps the personal values out of the activity's input in history
 * (the full payload stays in the encrypted webhook signal, for operators with the codec keys).
 */
export function redactAlertRequest<T extends { payload?: unknown; details?: unknown }>(alert: T): T {
  return {
    ...alert,
    ...(alert.payload === undefined ? {} : { payload: redactSensitive(alert.payload) }),
    ...(alert.details === undefined ? {} : { details: redactSensitive(alert.details) }),
  };
}
