import { describeBody, failureForStatus } from '../classify-http-status';
import type { HttpExchangeResponse } from '../http-exchange';
import { FailureClass, TargetFailure } from '../target-failure';

/**
 * The project tool wraps results as `{"<key>": …}` and, on some internal errors, answers HTTP 200 with
 * `{"<key>": null, "error": {code, message}}`: that is a failure, never a success.
 * Returns the unwrapped value under `key`.
 */
export function classifyProjectToolResponse(
  response: HttpExchangeResponse,
  what: string,
  key: string,
): unknown {
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
  const value = body?.[key];
  if (value === undefined || value === null || (key === 'project' && !(value as { id?: unknown }).id)) {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response has no "${key}"`, {
      status: response.status,
      responseBody: response.json ?? describeBody(response),
    });
  }
  return value;
}
