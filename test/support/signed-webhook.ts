import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { developmentDefaults } from '../../src/config/development-defaults';

export interface SignedWebhookOptions {
  /** `webhook-id`; a redelivery reuses it. */
  eventId?: string;
  secret?: string;
  /** Signing time; defaults to now. */
  sentAt?: Date;
  contentType?: string;
}

/** POSTs a body to a Loudwire webhook URL signed the way a Standard Webhooks sender signs it. */
export async function postSignedWebhook(url: string, body: unknown, options: SignedWebhookOptions = {}) {
  const eventId = options.eventId ?? `msg_${randomUUID()}`;
  const sentAt = options.sentAt ?? new Date();
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = new Webhook(options.secret ?? developmentDefaults.CRM_WEBHOOK_SECRET!).sign(
    eventId,
    sentAt,
    raw,
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'webhook-id': eventId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, eventId };
}

let dealCounter = 0;

/** A `deal.won` envelope shaped like the sandbox CRM's, with a fresh deal ID unless one is given. */
export function dealWonEnvelope(overrides: { dealId?: string; version?: number; companyName?: string } = {}) {
  dealCounter += 1;
  const dealId =
    overrides.dealId ?? `deal_t${Date.now().toString(36)}${dealCounter}${randomUUID().slice(0, 6)}`;
  return {
    type: 'deal.won',
    timestamp: new Date().toISOString(),
    data: {
      deal: {
        id: dealId,
        title: 'Platform rollout',
        amount: '12,500.00',
        currency: 'usd',
        stage: 'won',
        ownerEmail: 'Owner@Example.com',
        closeDate: '2026-11-30',
        wonAt: new Date().toISOString(),
        version: overrides.version ?? 2,
        updatedAt: new Date().toISOString(),
      },
      company: {
        id: `co_${dealId.slice(5)}`,
        name: overrides.companyName ?? 'Acme Robotics GmbH',
        country: 'Deutschland',
        domain: 'acme-robotics.example',
        phone: '+49 30 1234567',
      },
      contact: {
        id: `ct_${dealId.slice(5)}`,
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: ' Ada@Acme-Robotics.example ',
        phone: '030 7654321',
      },
    },
  };
}
