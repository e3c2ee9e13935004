import type { Logger } from '../../logging/logger';
import { exchangeHttp, type HttpExchangeRequest } from '../kit/http-exchange';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { BillingTokenSource } from './billing-token-source';
import { billingMember, classifyBillingBody } from './classify-billing-response';

export interface BillingClientSettings {
  baseUrl: string;
  timeoutMs: number;
}

/** One call to billing: a path relative to its base URL, plus an optional cancellation signal. */
export type BillingRequest = Omit<HttpExchangeRequest, 'timeoutMs' | 'url'> & { path: string };

/**
 * The billing API (v1), written once: OAuth2 bearer tokens from one shared token source (refreshed once when
 * a 401 says the cached token went stale), and the `success` envelope that reports errors inside HTTP 200.
 * Customers, usage records and the credential probe all go through it.
 */
export function createBillingClient(
  settings: BillingClientSettings,
  tokens: BillingTokenSource,
  logger?: Logger,
) {
  const body = async (request: BillingRequest, what: string): Promise<Record<string, unknown>> => {
    const { path, ...rest } = request;
    // A 401 may just mean our cached token expired early or was rotated: refresh once, then let it fail.
    for (let attempt = 1; ; attempt += 1) {
      const token = await tokens.accessToken();
      const response = await exchangeHttp(
        {
          ...rest,
          url: new URL(path, settings.baseUrl).toString(),
          headers: { authorization: `Bearer ${token}`, ...request.headers },
          timeoutMs: settings.timeoutMs,
        },
        logger,
      );
      try {
        return classifyBillingBody(response, what);
      } catch (error) {
        const refused = error instanceof TargetFailure && error.failureClass === FailureClass.credentials;
        if (!refused || attempt > 1 || response.status !== 401) throw error;
        tokens.invalidate();
      }
    }
  };
  return {
    tokens,
    /** The whole classified body (for answers with several members, such as a page and its cursor). */
    body,
    /** The member `key` of the classified body (`customer`, `customers`, …). */
    async value(request: BillingRequest, what: string, key: string): Promise<unknown> {
      return billingMember(await body(request, what), what, key);
    },
  };
}

export type BillingClient = ReturnType<typeof createBillingClient>;
