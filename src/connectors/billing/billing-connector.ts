import { TargetSystem } from '../../integrations/integration';
import type { Logger } from '../../logging/logger';
import { exchangeHttp, type HttpExchangeRequest } from '../http-exchange';
import type { TargetConnector, TargetRecord } from '../target-connector';
import { FailureClass, TargetFailure } from '../target-failure';
import { classifyBillingResponse } from './classify-billing-response';
import type { BillingTokenSource } from './billing-token-source';

export interface BillingSettings {
  baseUrl: string;
  timeoutMs: number;
}

/** The billing system's API (v1): OAuth2 bearer tokens, `success` envelopes, idempotent creates. */
export function createBillingConnector(
  settings: BillingSettings,
  tokens: BillingTokenSource,
  logger?: Logger,
): TargetConnector {
  // A 401 may just mean our cached token expired early or was rotated: refresh once, then let it fail.
  const call = async (request: Omit<HttpExchangeRequest, 'timeoutMs'>, what: string, key: string) => {
    for (let attempt = 1; ; attempt += 1) {
      const token = await tokens.accessToken();
      const response = await exchangeHttp(
        {
          ...request,
          url: new URL(request.url, settings.baseUrl).toString(),
          headers: { authorization: `Bearer ${token}`, ...request.headers },
          timeoutMs: settings.timeoutMs,
        },
        logger,
      );
      try {
        return classifyBillingResponse(response, what, key);
      } catch (error) {
        const refused = error instanceof TargetFailure && error.failureClass === FailureClass.credentials;
        if (!refused || attempt > 1 || response.status !== 401) throw error;
        tokens.invalidate();
      }
    }
  };

  return {
    target: TargetSystem.billing,

    async findByExternalId(externalId) {
      const query = new URLSearchParams({ external_id: externalId });
      const customers = await call(
        { method: 'GET', url: `/v1/customers?${query}` },
        'find customer',
        'customers',
      );
      return Array.isArray(customers) && customers.length > 0 ? toTargetRecord(customers[0]) : undefined;
    },

    async create(customer, idempotencyKey) {
      const body = await call(
        {
          method: 'POST',
          url: '/v1/customers',
          headers: { 'idempotency-key': idempotencyKey },
          body: customer,
        },
        'create customer',
        'customer',
      );
      return toTargetRecord(body);
    },

    async probeCredentials() {
      // A cached token would hide a revoked client secret: ask for a fresh one.
      tokens.invalidate();
      await call(
        { method: 'GET', url: '/v1/customers?external_id=__loudwire_credential_probe__' },
        'probe',
        'customers',
      );
    },

    async update(id, fields) {
      const { external_id: _link, ...changes } = fields;
      const body = await call(
        { method: 'POST', url: `/v1/customers/${encodeURIComponent(id)}`, body: changes },
        'update customer',
        'customer',
      );
      return toTargetRecord(body);
    },

    async read(id) {
      try {
        return toTargetRecord(
          await call(
            { method: 'GET', url: `/v1/customers/${encodeURIComponent(id)}` },
            'read customer',
            'customer',
          ),
        );
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}

function toTargetRecord(customer: unknown): TargetRecord {
  const fields = customer as Record<string, unknown>;
  if (!fields || typeof fields.id !== 'string') {
    throw new TargetFailure(FailureClass.unexpectedResponse, 'billing customer has no id', {
      responseBody: customer,
    });
  }
  return { id: fields.id, fields };
}
