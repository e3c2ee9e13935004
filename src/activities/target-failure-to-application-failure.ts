import { ApplicationFailure } from '@temporalio/common';
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
    details: [{ status: error.details.status, responseBody: error.details.responseBody }],
    ...(error.details.retryAfterMs === undefined ? {} : { nextRetryDelay: error.details.retryAfterMs }),
  });
}
