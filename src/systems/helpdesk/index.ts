import type { SystemConnection, SystemDefinition } from '../system';
import { checkUrl } from '../kit/setting-checks';
import { readWebhookDeliveryLog } from '../kit/webhook-delivery-log';
import { createHelpdeskClient, type HelpdeskClient } from './helpdesk-client';
import { helpdeskWebhooks } from './helpdesk-webhooks';

/** The helpdesk connected once: its client (a source system: it sends webhooks, nothing is written to it). */
export interface HelpdeskConnection extends SystemConnection {
  client: HelpdeskClient;
}

/** The helpdesk (REST, `Authorization: Token`, camelCase, epoch-ms times): tickets; signs with its own HMAC. */
export const helpdesk: SystemDefinition<HelpdeskConnection> = {
  name: 'helpdesk',
  title: 'Helpdesk',
  settings: {
    BASE_URL: { description: 'helpdesk API', default: 'http://127.0.0.1:4004', check: checkUrl },
    API_KEY: {
      description: 'helpdesk API key (`Authorization: Token`)',
      secret: true,
      developmentDefault: 'helpdesk_dev_key',
    },
    WEBHOOK_SECRET: {
      description: 'HMAC key the helpdesk signs `X-Helpdesk-Signature` with',
      secret: true,
      developmentDefault: 'helpdesk_dev_webhook_secret_0123456789abcdef',
      check: (value) => helpdeskWebhooks.checkSecret(value),
    },
  },
  webhook: helpdeskWebhooks,
  connect({ settings, timeoutMs, logger }) {
    const client = createHelpdeskClient(
      { baseUrl: settings.BASE_URL!, apiKey: settings.API_KEY!, timeoutMs },
      logger,
    );
    return {
      client,
      resources: {},
      async webhookDeliveries(since) {
        const body = await client.body({ method: 'GET', path: '/api/webhooks/deliveries' }, 'delivery log');
        return readWebhookDeliveryLog(body, since);
      },
      async probeCredentials() {
        await client.body({ method: 'GET', path: '/api/tickets?status=escalated' }, 'probe');
      },
    };
  },
};
