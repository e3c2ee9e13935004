import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { waitForDeliveries } from '../../sandbox/crm/wait-for-deliveries';
import { sandboxDevDefaults } from '../../sandbox/kit/dev-defaults';
import { call, serveForTest, type ServedSandbox } from './http-test-client';

const auth = { authorization: 'Bearer crm_dev_key' };

interface DealEvent {
  type: string;
  data: { deal: Record<string, unknown>; company: Record<string, unknown> };
}

/** Records every webhook the CRM sends, verified with the Standard Webhooks library. */
async function startVerifyingReceiver() {
  const events: DealEvent[] = [];
  const verifier = new Webhook(sandboxDevDefaults.CRM_WEBHOOK_SECRET);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      events.push(
        verifier.verify(
          Buffer.concat(chunks).toString('utf8'),
          req.headers as Record<string, string>,
        ) as DealEvent,
      );
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/crm`,
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('CRM deal lifecycle', () => {
  let receiver: Awaited<ReturnType<typeof startVerifyingReceiver>>;
  let served: ServedSandbox<ReturnType<typeof createCrmSandbox>>;

  beforeEach(async () => {
    receiver = await startVerifyingReceiver();
    served = await serveForTest(createCrmSandbox({ webhookUrl: receiver.url }));
  });
  afterEach(async () => {
    await served.close();
    await receiver.close();
  });

  const delivered = (count: number) =>
    waitForDeliveries(
      served.url,
      (all) => all.length === count && all.every((d) => d.status === 'delivered'),
    );

  it('PATCH /api/deals/:id changes only the named fields, bumps the version and sends a signed deal.updated', async () => {
    const won = await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    const patched = await call(served.url, 'PATCH', '/api/deals/deal_seed01', {
      headers: auth,
      json: { amount: '15,000.00' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ amount: '15,000.00', title: won.body.title, stage: 'won' });
    expect(patched.body.version).toBe(won.body.version + 1);
    await delivered(2);
    expect(receiver.events.map((event) => event.type)).toEqual(['deal.won', 'deal.updated']);
    expect(receiver.events[1]!.data.deal).toMatchObject({
      amount: '15,000.00',
      version: won.body.version + 1,
    });
  });

  it('refuses a PATCH without the API key, with unknown or read-only fields, or with nothing to change', async () => {
    expect(
      (await call(served.url, 'PATCH', '/api/deals/deal_seed01', { json: { amount: '1.00' } })).status,
    ).toBe(401);
    const readOnly = await call(served.url, 'PATCH', '/api/deals/deal_seed01', {
      headers: auth,
      json: { stage: 'won', amout: '1.00' },
    });
    expect(readOnly.status).toBe(422);
    expect(readOnly.body.fieldErrors).toEqual(
      expect.arrayContaining([
        { field: 'stage', message: 'unknown field' },
        { field: 'amout', message: 'unknown field' },
      ]),
    );
    const empty = await call(served.url, 'PATCH', '/api/deals/deal_seed01', { headers: auth, json: {} });
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.body)).toContain('at least one field');
    const bad = await call(served.url, 'PATCH', '/api/deals/deal_seed01', {
      headers: auth,
      json: { amount: 'lots' },
    });
    expect(bad.body.fieldErrors).toEqual([
      { field: 'amount', message: 'must be an amount like "12,500.00"' },
    ]);
    expect(
      (await call(served.url, 'PATCH', '/api/deals/deal_nope', { headers: auth, json: { title: 'x' } }))
        .status,
    ).toBe(404);
    const state = await call(served.url, 'GET', '/__sandbox/state');
    expect(state.body.deliveries).toHaveLength(0);
  });

  it('renaming a company sends deal.updated for each of its deals, carrying the new name', async () => {
    const deal = await call(served.url, 'GET', '/api/deals/deal_seed01', { headers: auth });
    const renamed = await call(served.url, 'PATCH', `/api/companies/${deal.body.companyId}`, {
      headers: auth,
      json: { name: 'Renamed Holdings AG' },
    });
    expect(renamed.status).toBe(200);
    const { body: deals } = await call(served.url, 'GET', '/api/deals', { headers: auth });
    const ofCompany = (deals.deals as { companyId: string }[]).filter(
      (d) => d.companyId === deal.body.companyId,
    );
    await delivered(ofCompany.length);
    expect(receiver.events.every((event) => event.type === 'deal.updated')).toBe(true);
    expect(receiver.events.every((event) => event.data.company.name === 'Renamed Holdings AG')).toBe(true);
  });

  it('a won deal can be lost and reopened; each sends its event and bumps the version', async () => {
    const won = await call(served.url, 'POST', '/api/deals/deal_seed02/win', { headers: auth });
    const lost = await call(served.url, 'POST', '/api/deals/deal_seed02/lose', { headers: auth });
    expect(lost.body).toMatchObject({ stage: 'lost', version: won.body.version + 1 });
    expect((await call(served.url, 'POST', '/api/deals/deal_seed02/lose', { headers: auth })).status).toBe(
      409,
    );
    const reopened = await call(served.url, 'POST', '/api/deals/deal_seed02/reopen', { headers: auth });
    expect(reopened.body).toMatchObject({ stage: 'open', wonAt: null, version: won.body.version + 2 });
    await delivered(3);
    expect(receiver.events.map((event) => event.type)).toEqual(['deal.won', 'deal.lost', 'deal.reopened']);
  });
});
