import { randomUUID } from 'node:crypto';
import { developmentDefaults } from '../../src/config/development-defaults';
import { helpdeskSignature } from '../../src/systems/helpdesk/helpdesk-webhooks';

/**
 * POSTs a body to a Loudwire webhook URL signed the way the helpdesk signs: `X-Helpdesk-Timestamp` and
 * `X-Helpdesk-Signature: sha256=<hex HMAC of "<timestamp>.<raw body>">`.
 */
export async function postHelpdeskWebhook(
  url: string,
  body: unknown,
  options: { secret?: string; sentAt?: Date } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(Math.floor((options.sentAt ?? new Date()).getTime() / 1000));
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-helpdesk-timestamp': timestamp,
      'x-helpdesk-signature': helpdeskSignature(
        options.secret ?? developmentDefaults.HELPDESK_WEBHOOK_SECRET!,
        timestamp,
        raw,
      ),
      'x-helpdesk-delivery': `dlv_${randomUUID()}`,
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A `ticket.escalated` event shaped like the helpdesk sandbox's. */
export function ticketEscalatedEvent(ticket: Partial<Record<string, unknown>> = {}) {
  const now = Date.now();
  return {
    id: `hde_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    event: 'ticket.escalated',
    createdAt: now,
    ticket: {
      id: `tkt_t${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      subject: 'Scanner drops pallet IDs',
      description: 'Since the firmware update the scanner drops the pallet ID.',
      priority: 'high',
      status: 'escalated',
      requesterEmail: 'jane.doe@acme-robotics.example',
      crmCompanyId: 'co_seed01',
      revision: 2,
      createdAt: now - 60_000,
      updatedAt: now,
      escalatedAt: now,
      ...ticket,
    },
  };
}
