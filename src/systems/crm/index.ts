import type { SystemConnection, SystemDefinition } from '../system';
import { checkUrl } from '../kit/setting-checks';
import { readWebhookDeliveryLog } from '../kit/webhook-delivery-log';
import { standardWebhooks } from '../kit/standard-webhooks';
import type { TargetResource } from '../kit/target-resource';
import { createCrmClient, type CrmClient } from './crm-client';
import { crmNotes } from './notes';
import { wonDealsOfCompany, type WonDealReference } from './won-deals';

/** The CRM connected once: its client (for lookups and writes back) and its resources. */
export interface CrmConnection extends SystemConnection {
  resources: { notes: TargetResource };
  client: CrmClient;
  /** A company's won deals, most recently won first, for look-ups. */
  wonDeals(companyId: string, signal?: AbortSignal): Promise<WonDealReference[]>;
}

/** The CRM (REST, Bearer API key, camelCase): deals, companies, contacts and notes; sends Standard Webhooks. */
export const crm: SystemDefinition<CrmConnection> = {
  name: 'crm',
  title: 'CRM',
  settings: {
    BASE_URL: { description: 'CRM API', default: 'http://127.0.0.1:4001', check: checkUrl },
    API_KEY: {
      description: 'the CRM API key (Bearer; sandbox and operators)',
      secret: true,
      developmentDefault: 'crm_dev_key',
    },
    WEBHOOK_SECRET: {
      description: 'Standard Webhooks secret (`whsec_…`) the CRM signs its webhooks with',
      secret: true,
      developmentDefault: 'whsec_bG91ZHdpcmUtZGV2LWNybS13ZWJob29rLXNlY3JldA==',
      check: (value) => standardWebhooks.checkSecret(value),
    },
  },
  webhook: standardWebhooks,
  connect({ settings, timeoutMs, logger }) {
    const client = createCrmClient(
      { baseUrl: settings.BASE_URL!, apiKey: settings.API_KEY!, timeoutMs },
      logger,
    );
    return {
      client,
      resources: { notes: crmNotes(client) },
      wonDeals: (companyId, signal) => wonDealsOfCompany(client, companyId, signal),
      async webhookDeliveries(since) {
        const body = await client.body({ method: 'GET', path: '/api/webhooks/deliveries' }, 'delivery log');
        return readWebhookDeliveryLog(body, since);
      },
      async probeCredentials() {
        await client.body(
          { method: 'GET', path: '/api/contacts?companyId=__loudwire_credential_probe__' },
          'probe',
        );
      },
    };
  },
};
