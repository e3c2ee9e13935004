import { describeBody, failureForStatus } from '../kit/classify-http-status';
import type { HttpExchangeResponse } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';

/**
 * The project tool answers errors by status, except on some internal errors, where it answers HTTP 200 with
 * `{"<key>": null, "error": {code, message}}`: that is a failure, never a success. Returns the body.
 */
export function classifyProjectToolBody(
  response: HttpExchangeResponse,
  what: string,
): Record<string, unknown> {
  const statusFailure = failureForStatus(response, what);
  if (statusFailure) throw statusFailure;
  const body = response.json as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && body.error) {
    const error = body.error as { code?: string; message?: string };
    throw new TargetFailure(
      FailureClass.errorInSuccessBody,
      `${what}: HTTP ${response.status} reported error ${error.code ?? 'unknown'}: ${error.message ?? ''}`.trim(),
      { status: response.status, responseBody: body },
    );
  }
  if (!body || typeof body !== 'object') {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response is not a JSON object`, {
      status: response.status,
      responseBody: describeBody(response),
    });
  }
  return body;
}

/**
 * The project tool wraps results as `{"<key>": …}`. Returns the unwrapped value under `key`; a single record
 * (`key` without a plural list) must carry an `id`.
 */
export function classifyProjectToolResponse(
  response: HttpExchangeResponse,
  what: string,
  key: string,
): unknown {
  const body = classifyProjectToolBody(response, what);
  const value = body[key];
  const isRecord = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (value === undefined || value === null || (isRecord && !(value as { id?: unknown }).id)) {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response has no "${key}"`, {
      status: response.status,
      responseBody: response.json ?? describeBody(response),
    });
  }
  return value;
}
