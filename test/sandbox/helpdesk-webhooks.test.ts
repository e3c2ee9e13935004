import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHelpdeskSandbox } from '../../sandbox/helpdesk/create-helpdesk-sandbox';
import type { HelpdeskEvent } from '../../sandbox/helpdesk/webhooks/ticket-escalated-event';
import { sandboxDevDefaults } from '../../sandbox/kit/dev-defaults';
import { waitForSandboxDeliveries } from '../../sandbox/kit/webhooks/wait-for-deliveries';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

const auth = { authorization: 'Token helpdesk_dev_key' };
const secret = sandboxDevDefaults.HELPDESK_WEBHOOK_SECRET;

/**
 * The receiver's check, written from the scheme's description only (not from the sandbox's code):
 * `sha256=` + lowercase hex HMAC-SHA256, keyed with the secret, over `<timestamp>.<raw body>`.
 */
function signatureVerifies(request: ReceivedWebhook, key: string): boolean {
  const timestamp = request.headers['x-helpdesk-timestamp'];
  const presented = request.headers['x-helpdesk-signature'];
  if (!timestamp || !presented?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(Buffer.from(`${timestamp}.${request.body}`, 'utf8'))
    .digest();
  const given = Buffer.from(presented.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const waitFor = (url: string, predicate: Parameters<typeof waitForSandboxDeliveries<HelpdeskEvent>>[1]) =>
  waitForSandboxDeliveries<HelpdeskEvent>(url, predicate);

describe('helpdesk webhooks', () => {
  let receiver: WebhookReceiver;
  let served: ServedSandbox<ReturnType<typeof createHelpdeskSandbox>>;

  beforeEach(async () => {
    receiver = await startWebhookReceiver('/webhooks/helpdesk');
    served = await serveForTest(
      createHelpdeskSandbox({ webhookUrl: receiver.url, webhookRetryScheduleSeconds: [0.05, 0.1, 0.1] }),
    );
  });
  afterEach(async () => {
    await served.close();
    await receiver.close();
  });

  it('sends ticket.escalated signed with X-Helpdesk-Signature over "<timestamp>.<raw body>"', async () => {
    const escalated = await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers: auth });
    expect(escalated.status).toBe(200);
    const [delivery] = await waitFor(served.url, (all) => all[0]?.status === 'delivered');
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received as [ReceivedWebhook];

    expect(signatureVerifies(request, secret)).toBe(true);
    expect(signatureVerifies(request, 'another_secret_of_enough_length')).toBe(false);
    expect(signatureVerifies({ ...request, body: request.body.replace('urgent', 'low') }, secret)).toBe(
      false,
    );
    expect(request.headers['x-helpdesk-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const timestamp = Number(request.headers['x-helpdesk-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(30);
    expect(request.headers['x-helpdesk-delivery']).toBe(delivery?.id);
    expect(request.headers['content-type']).toBe('application/json');

    const event = JSON.parse(request.body) as HelpdeskEvent;
    expect(event).toEqual({
      id: expect.stringMatching(/^hde_[0-9a-z]{16}$/),
      event: 'ticket.escalated',
      createdAt: expect.any(Number),
      ticket: escalated.body.ticket,
    });
    expect(event.ticket).toMatchObject({
      id: 'tkt_seed01',
      status: 'escalated',
      revision: 2,
      crmCompanyId: 'co_seed01',
      priority: 'urgent',
    });
    expect(delivery).toMatchObject({ eventId: event.id, eventType: 'ticket.escalated', appliedFaults: [] });
    expect(delivery?.headers?.['x-helpdesk-signature']).toBe(request.headers['x-helpdesk-signature']);
  });

  it('escalating again sends a new event about the new revision', async () => {
    await call(served.url, 'POST', '/api/tickets/tkt_seed02/escalate', { headers: auth });
    await call(served.url, 'POST', '/api/tickets/tkt_seed02/escalate', { headers: auth });
    const deliveries = await waitFor(
      served.url,
      (all) => all.length === 2 && all.every((each) => each.status === 'delivered'),
    );
    expect(new Set(deliveries.map((each) => each.eventId)).size).toBe(2);
    expect(deliveries.map((each) => each.payload.ticket.revision)).toEqual([2, 3]);
  });

  it('retries a failed delivery on the schedule with the same event id', async () => {
    receiver.statuses.push(500, 503);
    await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers: auth });
    const [delivery] = await waitFor(served.url, (all) => all[0]?.status === 'delivered');
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 204]);
    expect(delivery?.attempts[0]?.error).toBe('HTTP 500');
    expect(new Set(receiver.received.map((request) => JSON.parse(request.body).id)).size).toBe(1);
    expect(receiver.received.every((request) => signatureVerifies(request, secret))).toBe(true);
    const [first, second] = (delivery?.attempts ?? []).map((attempt) => Date.parse(attempt.at));
    expect(second! - first!).toBeGreaterThanOrEqual(40);
    const listed = await call(served.url, 'GET', `/api/webhooks/deliveries/${delivery?.id}`, {
      headers: auth,
    });
    expect(listed.body.attempts).toHaveLength(3);
  });

  it('gives up after the schedule and marks the delivery failed', async () => {
    receiver.statuses.push(500, 500, 500, 500, 500);
    await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers: auth });
    const [delivery] = await waitFor(served.url, (all) => all[0]?.status === 'failed');
    expect(delivery?.attempts).toHaveLength(4);
    expect(delivery?.nextAttemptAt).toBeNull();
  });

  it('redelivers with the same event id and body, freshly timestamped and signed', async () => {
    receiver.statuses.push(500, 500, 500, 500);
    await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers: auth });
    const [failed] = await waitFor(served.url, (all) => all[0]?.status === 'failed');
    // A fresh second, so the new signature must differ from the old one.
    await new Promise((resolve) => setTimeout(resolve, 1_050));

    const redelivered = await call(served.url, 'POST', `/api/webhooks/deliveries/${failed?.id}/redeliver`, {
      headers: auth,
    });
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.attempt).toMatchObject({ trigger: 'redeliver', status: 204 });
    expect(redelivered.body.delivery.status).toBe('delivered');

    const original = receiver.received[0]!;
    const again = receiver.received.at(-1)!;
    expect(receiver.received).toHaveLength(5);
    expect(again.body).toBe(original.body);
    expect(JSON.parse(again.body).id).toBe(failed?.eventId);
    expect(again.headers['x-helpdesk-timestamp']).not.toBe(original.headers['x-helpdesk-timestamp']);
    expect(again.headers['x-helpdesk-signature']).not.toBe(original.headers['x-helpdesk-signature']);
    expect(signatureVerifies(again, secret)).toBe(true);

    const listed = await call(served.url, 'GET', '/api/webhooks/deliveries', { headers: auth });
    expect(listed.body.totalCount).toBe(1);
    const missing = await call(served.url, 'POST', '/api/webhooks/deliveries/dlv_nope/redeliver', {
      headers: auth,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('not_found');
  });

  it('refuses the delivery log without the API token', async () => {
    expect((await call(served.url, 'GET', '/api/webhooks/deliveries')).status).toBe(401);
  });

  it.each([
    [
      'webhook_renamed_field',
      (ticket: Record<string, unknown>) => {
        expect(ticket).not.toHaveProperty('subject');
        expect(ticket.title).toBe('Roboterarm kalibriert nicht – Linie 3 steht 🚨');
      },
    ],
    [
      'webhook_missing_field',
      (ticket: Record<string, unknown>) => expect(ticket).not.toHaveProperty('crmCompanyId'),
    ],
    ['webhook_type_changed', (ticket: Record<string, unknown>) => expect(ticket.priority).toBe(4)],
    [
      'webhook_unexpected_field',
      (ticket: Record<string, unknown>) => {
        expect(ticket.satisfactionRating).toBe('unoffered');
        expect(ticket.crmCompanyId).toBe('co_seed01');
      },
    ],
    ['webhook_empty_payload', (ticket: Record<string, unknown>) => expect(ticket).toEqual({})],
  ])('%s reshapes the next event only, keeping its envelope and signature', async (kind, check) => {
    await addFault(served.url, { kind, count: 1 });
    await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers: auth });
    await call(served.url, 'POST', '/api/tickets/tkt_seed04/escalate', { headers: auth });
    const deliveries = await waitFor(
      served.url,
      (all) => all.length === 2 && all.every((each) => each.status === 'delivered'),
    );
    const request = receiver.received.find((each) => JSON.parse(each.body).id === deliveries[0]?.eventId)!;
    const sent = JSON.parse(request.body) as HelpdeskEvent;
    check(sent.ticket);
    expect(sent).toMatchObject({ id: deliveries[0]?.eventId, event: 'ticket.escalated' });
    expect(deliveries[0]?.payload).toEqual(sent);
    expect(deliveries[0]?.appliedFaults).toEqual([kind]);
    expect(signatureVerifies(request, secret)).toBe(true);
    expect(deliveries[1]?.appliedFaults).toEqual([]);
    expect(deliveries[1]?.payload.ticket).toMatchObject({ id: 'tkt_seed04', crmCompanyId: 'co_seed06' });
  });

  it('refuses a webhook fault with a route', async () => {
    const refused = await call(served.url, 'POST', '/__sandbox/faults', {
      json: { kind: 'webhook_missing_field', count: 1, route: '/api/tickets' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('route');
  });
});
