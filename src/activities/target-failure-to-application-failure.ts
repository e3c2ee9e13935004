import { ApplicationFailure } from '@temporalio/common';
import { isSensitiveField, redactSensitive, redactedValue } from '../logging/sensitive-fields';
import { isRetryable, TargetFailure } from '../systems/kit/target-failure';

/**
 * Converts a connector's classified failure into the ApplicationFailure Temporal retries on: the failure class
 * becomes the type, non-retryable classes stop retries at once, and a vendor's Retry-After sets the next delay.
 */
export function toApplicationFailure(error: unknown): unknown {
  if (!(error instanceof TargetFailure)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: error.failureClass,
    nonRetryable: !isRetryable(error.failureClass),
    // Failure details sit in history (encrypted) and travel into alerts: personal fields are redacted first.
    details: [{ status: error.details.status, responseBody: redactResponseBody(error.details.responseBody) }],
    ...(error.details.retryAfterMs === undefined ? {} : { nextRetryDelay: error.details.retryAfterMs }),
  });
}

/**
 * A vendor body with its sensitive fields redacted; read-back mismatches (`{field, intended, stored}`) of a
 * sensitive field lose their values too, since the field's name sits in a value there, not in a key.
 */
function redactResponseBody(body: unknown): unknown {
  const redacted = redactSensitive(body) as { mismatches?: unknown } | undefined;
  if (!redacted || typeof redacted !== 'object' || !Array.isArray(redacted.mismatches)) return redacted;
  return {
    ...redacted,
    mismatches: redacted.mismatches.map((mismatch: { field?: unknown }) => {
      const name = String(mismatch.field ?? '')
        .split('.')
        .pop()!
        .toLowerCase();
      return isSensitiveField(name)
        ? { ...mismatch, intended: redactedValue, stored: redactedValue }
        : mismatch;
    }),
  };
}
