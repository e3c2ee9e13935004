import type { Logger } from '../../logging/logger';
import { describeBody, failureForStatus } from '../kit/classify-http-status';
import { exchangeHttp, type HttpExchangeRequest, type HttpExchangeResponse } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';

export interface HelpdeskClientSettings {
  baseUrl: string;
  /** Sent as `Authorization: Token …`. */
  apiKey: string;
  timeoutMs: number;
}

/** One call to the helpdesk: a path relative to its base URL, plus an optional cancellation signal. */
export type HelpdeskRequest = Omit<HttpExchangeRequest, 'timeoutMs' | 'url'> & { path: string };

/**
 * The helpdesk answers camelCase JSON and errors as `{"error": {type, detail}}`; its quirk is the same error
 * object inside an HTTP 200, which is a failure, never a success.
 */
export function classifyHelpdeskResponse(
  response: HttpExchangeResponse,
  what: string,
): Record<string, unknown> {
  const statusFailure = failureForStatus(response, what);
  if (statusFailure) throw statusFailure;
  const body = response.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: response is not a JSON object`, {
      status: response.status,
      responseBody: describeBody(response),
    });
  }
  if (body.error) {
    const error = body.error as { type?: string; detail?: string };
    throw new TargetFailure(
      FailureClass.errorInSuccessBody,
      `${what}: HTTP ${response.status} reported error ${error.type ?? 'unknown'}: ${error.detail ?? ''}`.trim(),
      { status: response.status, responseBody: body },
    );
  }
  return body;
}

/** The helpdesk's REST API, written once: `Authorization: Token`, camelCase, errors inside 200 bodies. */
export function createHelpdeskClient(settings: HelpdeskClientSettings, logger?: Logger) {
  return {
    async body(request: HelpdeskRequest, what: string): Promise<Record<string, unknown>> {
      const { path, ...rest } = request;
      const response = await exchangeHttp(
        {
          ...rest,
          url: new URL(path, settings.baseUrl).toString(),
          headers: { authorization: `Token ${settings.apiKey}`, ...request.headers },
          timeoutMs: settings.timeoutMs,
        },
        logger,
      );
      return classifyHelpdeskResponse(response, what);
    },
  };
}

export type HelpdeskClient = ReturnType<typeof createHelpdeskClient>;
