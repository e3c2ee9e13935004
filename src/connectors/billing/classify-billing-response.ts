import { describeBody, failureForStatus } from '../classify-http-status';
import type { HttpExchangeResponse } from '../http-exchange';
import { FailureClass, TargetFailure } from '../target-failure';

/**
 * The billing API answers `{"success": true, …}` or — even with HTTP 200 — `{"success": false, "error":
 * {code, field?, message}}`. A validation error in a 200 is a rejection (retrying cannot fix it); any other
 * error in a 200 is a failure that may pass on retry. Returns the body's `key` member.
 */
export function classifyBillingResponse(response: HttpExchangeResponse, what: string, key: string): unknown {
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
  const value = (body as Record<string, unknown>)[key];
  if (value === undefined || value === null) {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response has no "${key}"`, {
      status: response.status,
      responseBody: body,
    });
  }
  return value;
}
