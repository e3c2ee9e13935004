import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { waitForDeliveries } from '../../sandbox/crm/wait-for-deliveries';
import { sandboxDevDefaults } from '../../sandbox/kit/dev-defaults';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';
import { startWebhookReceiver, type ReceivedWebhook } from './webhook-receiver';

const auth = { authorization: 'Bearer crm_dev_key' };

/** A stand-in for Loudwire's CRM webhook endpoint. */
const startReceiver = (statuses: number[] = []) => startWebhookReceiver('/webhooks/crm', statuses);

describe('CRM webhooks', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let served: ServedSandbox<ReturnType<typeof createCrmSandbox>>;

  beforeEach(async () => {
    receiver = await startReceiver();
    served = await serveForTest(
      createCrmSandbox({ webhookUrl: receiver.url, webhookRetryScheduleSeconds: [0.05, 0.1, 0.1] }),
    );
  });
  afterEach(async () => {
    await served.close();
    await receiver.close();
  });

  it('delivers a signed deal.won that Webhook.verify accepts', async () => {
    const won = await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    const [delivery] = await waitForDeliveries(served.url, (all) => all[0]?.status === 'delivered');
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received as [ReceivedWebhook];

    const verified = new Webhook(sandboxDevDefaults.CRM_WEBHOOK_SECRET).verify(
      request.body,
      request.headers,
    ) as {
      type: string;
      data: {
        deal: Record<string, unknown>;
        company: Record<string, unknown>;
        contact: Record<string, unknown>;
      };
    };
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toMatch(/^msg_/);
    expect(verified.type).toBe('deal.won');
    expect(verified.data.deal).toEqual({
      id: 'deal_seed01',
      title: won.body.title,
      amount: '12,500.00',
      currency: 'usd',
      stage: 'won',
      ownerEmail: won.body.ownerEmail,
      closeDate: '2025-03-31',
      wonAt: won.body.wonAt,
      version: 2,
      updatedAt: won.body.updatedAt,
    });
    expect(verified.data.company).toEqual({
      id: 'co_seed01',
      name: 'Acme Robotics, Inc.',
      country: 'United States',
      domain: 'acme-robotics.example',
      phone: '+1 415-555-0132',
    });
    expect(Object.keys(verified.data.contact).sort()).toEqual([
      'email',
      'firstName',
      'id',
      'lastName',
      'phone',
    ]);

    expect(delivery).toMatchObject({
      eventId: request.headers['webhook-id'],
      eventType: 'deal.won',
      status: 'delivered',
    });
    expect(delivery?.attempts).toMatchObject([{ trigger: 'scheduled', status: 204 }]);
    expect(delivery?.headers?.['webhook-signature']).toBe(request.headers['webhook-signature']);
    // Signed with another secret, the same request fails verification.
    expect(() =>
      new Webhook('whsec_' + Buffer.from('another-secret-of-24-bytes!').toString('base64')).verify(
        request.body,
        request.headers,
      ),
    ).toThrow();
  });

  it('sends a contactless deal with contact null, and one event ID per win', async () => {
    await call(served.url, 'POST', '/api/deals/deal_seed12/win', { headers: auth });
    await call(served.url, 'POST', '/api/deals/deal_seed13/win', { headers: auth });
    const deliveries = await waitForDeliveries(
      served.url,
      (all) => all.length === 2 && all.every((d) => d.status === 'delivered'),
    );
    expect(deliveries[0]?.payload.data.contact).toBeNull();
    expect(new Set(deliveries.map((delivery) => delivery.eventId)).size).toBe(2);
  });

  it('retries a failed delivery on the schedule and logs every attempt', async () => {
    receiver.statuses.push(500, 503);
    await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    const [delivery] = await waitForDeliveries(served.url, (all) => all[0]?.status === 'delivered');
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 204]);
    expect(delivery?.attempts[0]?.error).toBe('HTTP 500');
    const eventIds = new Set(receiver.received.map((request) => request.headers['webhook-id']));
    expect(eventIds.size).toBe(1);
    const [first, second] = (delivery?.attempts ?? []).map((attempt) => Date.parse(attempt.at));
    expect(second! - first!).toBeGreaterThanOrEqual(40);
    // Listed through the CRM's own API as well.
    const listed = await call(served.url, 'GET', `/api/webhooks/deliveries/${delivery?.id}`, {
      headers: auth,
    });
    expect(listed.body.attempts).toHaveLength(3);
  });

  it('gives up after the schedule and marks the delivery failed', async () => {
    receiver.statuses.push(500, 500, 500, 500, 500);
    await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    const [delivery] = await waitForDeliveries(served.url, (all) => all[0]?.status === 'failed');
    expect(delivery?.attempts).toHaveLength(4);
    expect(delivery?.nextAttemptAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(4);
  });

  it('records a refused connection as an attempt without a status', async () => {
    await receiver.close();
    await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    const [delivery] = await waitForDeliveries(served.url, (all) => all[0]?.status === 'failed');
    expect(delivery?.attempts[0]).toMatchObject({ status: null, error: 'ECONNREFUSED' });
    receiver = await startReceiver();
  });

  it('redelivers with the same webhook-id and payload, freshly signed', async () => {
    receiver.statuses.push(500, 500, 500, 500);
    await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    const [failed] = await waitForDeliveries(served.url, (all) => all[0]?.status === 'failed');

    const redelivered = await call(served.url, 'POST', `/api/webhooks/deliveries/${failed?.id}/redeliver`, {
      headers: auth,
    });
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.attempt).toMatchObject({ trigger: 'redeliver', status: 204 });
    expect(redelivered.body.delivery.status).toBe('delivered');

    const original = receiver.received[0]!;
    const again = receiver.received.at(-1)!;
    expect(receiver.received).toHaveLength(5);
    expect(again.headers['webhook-id']).toBe(original.headers['webhook-id']);
    expect(again.body).toBe(original.body);
    expect(() =>
      new Webhook(sandboxDevDefaults.CRM_WEBHOOK_SECRET).verify(again.body, again.headers),
    ).not.toThrow();
    expect(
      (await call(served.url, 'POST', '/api/webhooks/deliveries/dlv_nope/redeliver', { headers: auth }))
        .status,
    ).toBe(404);
  });

  it.each([
    [
      'webhook_renamed_field',
      (data: Payload) => {
        expect(data.company).not.toHaveProperty('name');
        expect(data.company.companyName).toBe('Acme Robotics, Inc.');
      },
    ],
    ['webhook_missing_field', (data: Payload) => expect(data.deal).not.toHaveProperty('amount')],
    ['webhook_type_changed', (data: Payload) => expect(data.deal.amount).toEqual({ value: '12,500.00' })],
    [
      'webhook_unexpected_field',
      (data: Payload) => {
        expect(data.deal.probabilityPct).toBe(100);
        expect(data.deal.amount).toBe('12,500.00');
      },
    ],
    ['webhook_empty_payload', (data: Payload) => expect(data).toEqual({})],
  ])('%s transforms the next delivery only', async (kind, check) => {
    await addFault(served.url, { kind, count: 1 });
    await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    await call(served.url, 'POST', '/api/deals/deal_seed14/win', { headers: auth });
    const deliveries = await waitForDeliveries(
      served.url,
      (all) => all.length === 2 && all.every((d) => d.status === 'delivered'),
    );

    const request = receiver.received.find((each) => each.headers['webhook-id'] === deliveries[0]?.eventId)!;
    const sent = JSON.parse(request.body);
    check(sent.data);
    expect(deliveries[0]?.payload).toEqual(sent);
    expect(deliveries[0]?.appliedFaults).toEqual([kind]);
    // Still correctly signed: the vendor changed its payload, not its signing.
    expect(() =>
      new Webhook(sandboxDevDefaults.CRM_WEBHOOK_SECRET).verify(request.body, request.headers),
    ).not.toThrow();
    expect(deliveries[1]?.appliedFaults).toEqual([]);
    expect(deliveries[1]?.payload.data).toMatchObject({
      deal: { amount: '2,400.00' },
      company: { name: 'Acme Robotics, Inc.' },
    });
  });

  it('answers the win before the receiver does', async () => {
    await receiver.close();
    const slowReceiver = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => slowReceiver.listen(0, '127.0.0.1', resolve));
    const port = (slowReceiver.address() as AddressInfo).port;
    const crm = await serveForTest(
      createCrmSandbox({ webhookUrl: `http://127.0.0.1:${port}/`, webhookAttemptTimeoutMs: 5_000 }),
    );
    try {
      const started = Date.now();
      const won = await call(crm.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
      expect(won.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect((await call(crm.url, 'GET', '/__sandbox/state')).body.deliveries[0].status).toBe('pending');
    } finally {
      await crm.close();
      slowReceiver.closeAllConnections();
      await new Promise<void>((resolve) => slowReceiver.close(() => resolve()));
      receiver = await startReceiver();
    }
  });
});

type Payload = { deal: Record<string, unknown>; company: Record<string, unknown> };
