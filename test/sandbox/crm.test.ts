import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { longestCompanyName } from '../../sandbox/crm/crm-seed';
import { call, serveForTest, type ServedSandbox } from './http-test-client';

const auth = { authorization: 'Bearer crm_dev_key' };
const newDeal = {
  title: 'Expansion',
  companyId: 'co_seed06',
  contactId: 'ct_seed07',
  amount: '12,500.00',
  currency: 'eur',
  ownerEmail: ' Lea.Meier@crm-demo.example',
};

describe('CRM sandbox', () => {
  let served: ServedSandbox<ReturnType<typeof createCrmSandbox>>;
  beforeEach(async () => {
    // Nothing listens on port 9: webhooks fail quietly in the background, which these tests ignore.
    served = await serveForTest(
      createCrmSandbox({ webhookUrl: 'http://127.0.0.1:9/hook', webhookRetryScheduleSeconds: [] }),
    );
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer crm_wrong_key' }],
    ['another scheme', { authorization: 'Basic crm_dev_key' }],
  ])('refuses %s with 401 JSON', async (_case, headers) => {
    const result = await call(served.url, 'GET', '/api/deals', { headers });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ errorCode: 'UNAUTHORIZED' });
  });

  it('seeds messy, deterministic demo data', async () => {
    const companies = (await call(served.url, 'GET', '/api/companies', { headers: auth })).body.companies;
    const contacts = (await call(served.url, 'GET', '/api/contacts', { headers: auth })).body.contacts;
    const deals = (await call(served.url, 'GET', '/api/deals', { headers: auth })).body.deals;
    expect(companies.length).toBeGreaterThanOrEqual(12);
    expect(contacts.length).toBeGreaterThanOrEqual(15);
    expect(deals.length).toBeGreaterThanOrEqual(15);
    const names = companies.map((company: { name: string }) => company.name);
    expect([...longestCompanyName]).toHaveLength(255);
    expect(names).toEqual(
      expect.arrayContaining([longestCompanyName, 'Zürcher Kantonalbank AG', '株式会社東京ロボティクス']),
    );
    expect(names.some((name: string) => /[\u0600-\u06ff]/.test(name))).toBe(true);
    const countries = new Set(companies.map((company: { country: string }) => company.country));
    for (const variant of [
      'United States',
      'USA',
      'U.S.',
      'us',
      'Deutschland',
      'Germany',
      'UK',
      'United Kingdom',
      'France',
      'España',
    ]) {
      expect(countries).toContain(variant);
    }
    expect(deals[0]).toMatchObject({
      id: 'deal_seed01',
      stage: 'open',
      version: 1,
      amount: '12,500.00',
      currency: 'usd',
    });
    expect(deals.every((deal: { stage: string }) => deal.stage === 'open')).toBe(true);
  });

  it('filters deals by stage and reads one', async () => {
    await call(served.url, 'POST', '/api/deals/deal_seed02/win', { headers: auth });
    const won = await call(served.url, 'GET', '/api/deals?stage=won', { headers: auth });
    expect(won.body.deals.map((deal: { id: string }) => deal.id)).toEqual(['deal_seed02']);
    expect((await call(served.url, 'GET', '/api/deals?stage=maybe', { headers: auth })).status).toBe(400);
    expect((await call(served.url, 'GET', '/api/deals/deal_seed03', { headers: auth })).body.title).toBe(
      '東京ロボティクス 保守契約',
    );
    expect((await call(served.url, 'GET', '/api/deals/deal_nope', { headers: auth })).status).toBe(404);
  });

  it('creates a deal with an opaque ID, keeping values as typed', async () => {
    const created = await call(served.url, 'POST', '/api/deals', { headers: auth, json: newDeal });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...newDeal,
      stage: 'open',
      version: 1,
      wonAt: null,
      closeDate: null,
    });
    expect(created.body.id).toMatch(/^deal_[0-9a-z]{16}$/);
    expect((await call(served.url, 'GET', `/api/deals/${created.body.id}`, { headers: auth })).body).toEqual(
      created.body,
    );
  });

  it('answers 422 with field errors for an invalid deal', async () => {
    const invalid = { ...newDeal, title: '', amount: '12.500,00', currency: 'euros', companyId: 'co_nope' };
    const result = await call(served.url, 'POST', '/api/deals', { headers: auth, json: invalid });
    expect(result.status).toBe(422);
    expect(result.body.errorCode).toBe('VALIDATION_FAILED');
    expect(result.body.fieldErrors.map((error: { field: string }) => error.field).sort()).toEqual([
      'amount',
      'currency',
      'title',
    ]);

    const wrongCompany = await call(served.url, 'POST', '/api/deals', {
      headers: auth,
      json: { ...newDeal, companyId: 'co_nope' },
    });
    expect(wrongCompany.status).toBe(422);
    expect(wrongCompany.body.fieldErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'companyId' }),
        expect.objectContaining({ field: 'contactId' }),
      ]),
    );
    const before = (await call(served.url, 'GET', '/__sandbox/state')).body.deals.length;
    expect(before).toBe(15);
  });

  it('wins a deal once: stage, wonAt and version change; a second win is 409', async () => {
    const won = await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ id: 'deal_seed01', stage: 'won', version: 2 });
    expect(won.body.wonAt).toBe(won.body.updatedAt);
    const again = await call(served.url, 'POST', '/api/deals/deal_seed01/win', { headers: auth });
    expect(again.status).toBe(409);
    expect(again.body.errorCode).toBe('DEAL_ALREADY_WON');
    expect((await call(served.url, 'GET', '/api/deals/deal_seed01', { headers: auth })).body.version).toBe(2);
  });
});
