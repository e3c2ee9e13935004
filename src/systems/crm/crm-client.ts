import type { Logger } from '../../logging/logger';
import { describeBody, failureForStatus } from '../kit/classify-http-status';
import { exchangeHttp, type HttpExchangeRequest, type HttpExchangeResponse } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';

export interface CrmClientSettings {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`. */
  apiKey: string;
  timeoutMs: number;
}

/** One call to the CRM: a path relative to its base URL, plus an optional cancellation signal. */
export type CrmRequest = Omit<HttpExchangeRequest, 'timeoutMs' | 'url'> & { path: string };

/**
 * The CRM answers records as plain JSON objects and lists as `{"<things>": […], "totalCount"}`; errors as
 * `{errorCode, message}` with a status, except its quirk: HTTP 200 `{"data": null, "errors": […]}` is a failure.
 */
export function classifyCrmResponse(response: HttpExchangeResponse, what: string): Record<string, unknown> {
  const statusFailure = failureForStatus(response, what);
  if (statusFailure) throw statusFailure;
  const body = response.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response is not a JSON object`, {
      status: response.status,
      responseBody: describeBody(response),
    });
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    const first = body.errors[0] as { errorCode?: string; message?: string };
    throw new TargetFailure(
      FailureClass.errorInSuccessBody,
      `${what}: HTTP ${response.status} reported error ${first.errorCode ?? 'unknown'}: ${first.message ?? ''}`.trim(),
      { status: response.status, responseBody: body },
    );
  }
  return body;
}

/** The CRM's REST API, written once: Bearer API key, camelCase records, errors inside 200 bodies. */
export function createCrmClient(settings: CrmClientSettings, logger?: Logger) {
  return {
    async body(request: CrmRequest, what: string): Promise<Record<string, unknown>> {
      const { path, ...rest } = request;
      const response = await exchangeHttp(
        {
          ...rest,
          url: new URL(path, settings.baseUrl).toString(),
          headers: { authorization: `Bearer ${settings.apiKey}`, ...request.headers },
          timeoutMs: settings.timeoutMs,
        },
        logger,
      );
      return classifyCrmResponse(response, what);
    },
  };
}

export type CrmClient = ReturnType<typeof createCrmClient>;
