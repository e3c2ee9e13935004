import { createHmac } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { SeededRandom } from '../seeded-random';

/** The sandbox CRM's development secret (src/config/development-defaults.ts), as a sender holds it. */
export const crmWebhookSecret = 'whsec_bG91ZHdpcmUtZGV2LWNybS13ZWJob29rLXNlY3JldA==';

/** Signs exactly these bytes the Standard Webhooks way: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signBytes(id: Buffer, timestamp: string, body: Buffer, secret = crmWebhookSecret): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(id).update(`.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** Headers of a correctly signed webhook; `id` bytes go out as they are (latin1 in node:http). */
export function signedHeaders(
  body: Buffer,
  id: Buffer,
  extra: OutgoingHttpHeaders = {},
): OutgoingHttpHeaders {
  const timestamp = nowSeconds();
  return {
    'content-type': 'application/json',
    'webhook-id': id.toString('latin1'),
    'webhook-timestamp': timestamp,
    'webhook-signature': signBytes(id, timestamp, body),
    ...extra,
  };
}

/** A webhook-id as senders write them — mostly plain, sometimes with spaces, tabs, non-ASCII or 1,000 characters. */
export function eventId(random: SeededRandom, serial: number): Buffer {
  const plain = `msg_fz${serial}_${random.token(8)}`;
  switch (random.int(0, 9)) {
    case 0:
      return Buffer.from(`${plain} with space`);
    case 1:
      return Buffer.from(`${plain}\twith\ttab`);
    case 2:
      return Buffer.from(`${plain}_événement_東京`, 'utf8');
    case 3:
      return Buffer.from(`${plain}_${'x'.repeat(random.int(200, 1000))}`);
    default:
      return Buffer.from(plain);
  }
}

/** A `deal.won` event shaped like the sandbox CRM's, for a deal of its own. */
export function dealWonEvent(random: SeededRandom, dealId: string): Record<string, unknown> {
  const now = new Date().toISOString();
  // One in twenty above the approval threshold (50,000.00): those wait for a person, which also ends well.
  const amount = random.chance(0.05) ? '75,000.00' : `${random.int(1, 40)},${random.int(100, 999)}.00`;
  return {
    type: 'deal.won',
    timestamp: now,
    data: {
      deal: {
        id: dealId,
        title: random.pick(['Platform rollout', 'Support renewal', 'Pilot']),
        amount,
        currency: random.pick(['usd', 'EUR', 'chf']),
        stage: 'won',
        ownerEmail: 'Owner@Example.com',
        closeDate: '2026-11-30',
        wonAt: now,
        version: random.int(1, 5),
        updatedAt: now,
      },
      company: {
        id: `co_${dealId.slice(5)}`,
        name: random.pick(['Acme Robotics GmbH', 'Zürich Analytics AG', 'Nordwind Oy']),
        country: random.pick(['Deutschland', 'CH', 'Finland']),
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
