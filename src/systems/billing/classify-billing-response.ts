import { describeBody, failureForStatus } from '../kit/classify-http-status';
import type { HttpExchangeResponse } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';

/**
 * The billing API answers `{"success": true, …}` or — even with HTTP 200 — `{"success": false, "error":
 * {code, field?, message}}`. A validation error in a 200 is a rejection (retrying cannot fix it); any other
 * error in a 200 is a failure that may pass on retry. Returns the body.
 */
export function classifyBillingBody(response: HttpExchangeResponse, what: string): Record<string, unknown> {
  const statusFailure = failureForStatus(response, what);
  if (statusFailure) throw statusFailure;
  const body = response.json as {
    success?: unknown;
    error?: { code?: string; field?: string; message?: string };
  };
  if (!body || typeof body !== 'object' || body.success !== true) {
    const error = body?.error ?? {};
    const isValidation = error.code === 'validation_error';
    throw new TargetFailure(
      isValidation ? FailureClass.rejected : FailureClass.errorInSuccessBody,
      `${what}: HTTP ${response.status} with success=false: ${error.code ?? 'no error code'}` +
        `${error.field ? ` (${error.field})` : ''} ${error.message ?? ''}`.trimEnd(),
      { status: response.status, responseBody: body ?? describeBody(response) },
    );
  }
  return body as Record<string, unknown>;
}

/** The body's `key` member of a successful billing answer (see classifyBillingBody). */
export function classifyBillingResponse(response: HttpExchangeResponse, what: string, key: string): unknown {
  return billingMember(classifyBillingBody(response, what), what, key);
}

/** The member `key` of a successful billing body; its absence means the vendor answered something else. */
export function billingMember(body: Record<string, unknown>, what: string, key: string): unknown {
  const value = body[key];
  if (value === undefined || value === null) {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response has no "${key}"`, {
      responseBody: body,
    });
  }
  return value;
}
