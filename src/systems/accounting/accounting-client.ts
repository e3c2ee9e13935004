import type { Logger } from '../../logging/logger';
import { describeBody, failureForStatus } from '../kit/classify-http-status';
import { exchangeHttp, type HttpExchangeRequest, type HttpExchangeResponse } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';

export interface AccountingClientSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

/** One call to the accounting API: a path relative to its base URL. */
export type AccountingRequest = Omit<HttpExchangeRequest, 'timeoutMs' | 'url'> & { path: string };

/**
 * The accounting API wraps every answer as `{"Contacts": [ … ]}` and reports errors as
 * `{"Type": "…Exception", "Message", "Elements"}` — with HTTP 400, or, its quirk, inside an HTTP 200 with
 * `"Contacts": null`. Returns the list.
 */
export function classifyAccountingResponse(
  response: HttpExchangeResponse,
  what: string,
): Record<string, unknown>[] {
  const statusFailure = failureForStatus(response, what);
  if (statusFailure) throw statusFailure;
  const body = response.json as { Contacts?: unknown; Type?: string; Message?: string } | undefined;
  if (body && typeof body === 'object' && typeof body.Type === 'string') {
    throw new TargetFailure(
      FailureClass.errorInSuccessBody,
      `${what}: HTTP ${response.status} reported ${body.Type}: ${body.Message ?? ''}`.trim(),
      { status: response.status, responseBody: body },
    );
  }
  if (!body || !Array.isArray(body.Contacts)) {
    throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: the answer lacks Contacts`, {
      status: response.status,
      responseBody: response.json ?? describeBody(response),
    });
  }
  return body.Contacts as Record<string, unknown>[];
}

/** The accounting API, written once: HTTP Basic with the client ID and secret, PascalCase, wrapped answers. */
export function createAccountingClient(settings: AccountingClientSettings, logger?: Logger) {
  const authorization = `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64')}`;
  return {
    async contacts(request: AccountingRequest, what: string): Promise<Record<string, unknown>[]> {
      const { path, ...rest } = request;
      const response = await exchangeHttp(
        {
          ...rest,
          url: new URL(path, settings.baseUrl).toString(),
          headers: { authorization, ...request.headers },
          timeoutMs: settings.timeoutMs,
        },
        logger,
      );
      return classifyAccountingResponse(response, what);
    },
  };
}

export type AccountingClient = ReturnType<typeof createAccountingClient>;
