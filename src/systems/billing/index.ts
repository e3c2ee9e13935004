import type { SystemConnection, SystemDefinition } from '../system';
import { checkIsoDateTime, checkUrl } from '../kit/setting-checks';
import type { TargetResource } from '../kit/target-resource';
import { createBillingClient, type BillingClient } from './billing-client';
import { BillingTokenSource } from './billing-token-source';
import { billingCustomers } from './customers';
import { createUsageRecords, type UsageRecords } from './usage-records';

/** Billing connected once: one client with one token source, its customers and its usage records. */
export interface BillingConnection extends SystemConnection {
  resources: { customers: TargetResource };
  client: BillingClient;
  usageRecords: UsageRecords;
}

/** The billing system (REST v1, OAuth2 client credentials, `success` envelopes). */
export const billing: SystemDefinition<BillingConnection> = {
  name: 'billing',
  title: 'Billing',
  settings: {
    BASE_URL: { description: 'billing API', default: 'http://127.0.0.1:4003', check: checkUrl },
    CLIENT_ID: { description: 'billing OAuth2 client ID', secret: true, developmentDefault: 'loudwire-dev' },
    CLIENT_SECRET: {
      description: 'billing OAuth2 client secret',
      secret: true,
      developmentDefault: 'billing_dev_secret',
    },
    CLIENT_SECRET_EXPIRES_AT: {
      description: 'ISO date the secret expires; the credential check warns before',
      optional: true,
      check: checkIsoDateTime,
    },
  },
  credentialExpirySetting: 'CLIENT_SECRET_EXPIRES_AT',
  connect({ settings, timeoutMs, logger }) {
    const baseUrl = settings.BASE_URL!;
    // One token source per client: concurrent activities of every integration share one token and one refresh.
    const tokens = new BillingTokenSource(
      { baseUrl, clientId: settings.CLIENT_ID!, clientSecret: settings.CLIENT_SECRET!, timeoutMs },
      logger,
    );
    const client = createBillingClient({ baseUrl, timeoutMs }, tokens, logger);
    return {
      client,
      resources: { customers: billingCustomers(client) },
      usageRecords: createUsageRecords(client),
      async probeCredentials() {
        // A cached token would hide a revoked client secret: ask for a fresh one.
        tokens.invalidate();
        await client.value(
          { method: 'GET', path: '/v1/customers?external_id=__loudwire_credential_probe__' },
          'probe',
          'customers',
        );
      },
    };
  },
};
