import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { postHelpdeskWebhook, ticketEscalatedEvent } from '../support/helpdesk-signed-webhook';

let stack: LoudwireTestStack;

beforeAll(async () => {
  stack = await startLoudwireTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const url = () => `${stack.apiUrl}/webhooks/helpdesk`;

describe('POST /webhooks/helpdesk (the helpdesk signature scheme, not Standard Webhooks)', () => {
  it('accepts a correctly signed ticket.escalated, keyed by the ticket ID; the same event ID is a duplicate', async () => {
    const event = ticketEscalatedEvent();
    const first = await postHelpdeskWebhook(url(), event);
    expect(first).toMatchObject({
      status: 202,
      body: { workflowId: `support-escalation:helpdesk:${event.ticket.id}`, duplicate: false },
    });
    const again = await postHelpdeskWebhook(url(), event);
    expect(again).toMatchObject({ status: 202, body: { duplicate: true } });
  });

  it('refuses another secret with 401 and a signature older than 5 minutes with 401', async () => {
    const wrong = await postHelpdeskWebhook(url(), ticketEscalatedEvent(), {
      secret: 'not-the-helpdesk-secret-0123',
    });
    expect(wrong.status).toBe(401);
    const stale = await postHelpdeskWebhook(url(), ticketEscalatedEvent(), {
      sentAt: new Date(Date.now() - 6 * 60_000),
    });
    expect(stale.status).toBe(401);
  });

  it('names the bad envelope fields with 400', async () => {
    const response = await postHelpdeskWebhook(url(), { event: 'ticket.escalated', ticket: {} });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('createdAt');
  });

  it('acknowledges an event type no integration handles without starting anything', async () => {
    const response = await postHelpdeskWebhook(url(), { ...ticketEscalatedEvent(), event: 'ticket.created' });
    expect(response).toMatchObject({ status: 202, body: { ignored: true, workflowId: null } });
  });
});
