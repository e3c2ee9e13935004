import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillingSandbox } from '../../sandbox/billing/create-billing-sandbox';
import { call, serveForTest, type ServedSandbox } from './http-test-client';

const credentials = {
  grant_type: 'client_credentials',
  client_id: 'loudwire-dev',
  client_secret: 'billing_dev_secret',
};
const usage = { customer_external_id: 'deal_c1', usage_date: '2026-10-02', quantity: 120, unit: 'minute' };

describe('billing usage corrections (replace rule)', () => {
  let served: ServedSandbox<ReturnType<typeof createBillingSandbox>>;
  let auth: Record<string, string>;
  const batch = (records: object[]) =>
    call(served.url, 'POST', '/v1/usage_records/batch', { headers: auth, json: { records } });

  beforeEach(async () => {
    served = await serveForTest(createBillingSandbox());
    const token = (await call(served.url, 'POST', '/oauth/token', { form: credentials })).body
      .access_token as string;
    auth = { authorization: `Bearer ${token}` };
    await call(served.url, 'POST', '/v1/customers', {
      headers: auth,
      json: { name: 'C1', country: 'DE', currency: 'EUR', external_id: 'deal_c1' },
    });
  });
  afterEach(async () => {
    await served.close();
  });

  it('a record that supersedes the current one replaces it: only the new one is listed, the old is kept for audit', async () => {
    const first = await batch([{ ...usage, idempotency_key: 'k1' }]);
    const firstId = first.body.results[0].usage_record.id as string;
    const corrected = await batch([{ ...usage, quantity: 165, idempotency_key: 'k2', supersedes: firstId }]);
    expect(corrected.body.results[0]).toMatchObject({
      status: 'created',
      usage_record: { quantity: 165, supersedes: firstId },
    });
    const listed = await call(served.url, 'GET', '/v1/usage_records?from=2026-10-01&to=2026-10-31', {
      headers: auth,
    });
    expect(listed.body.usage_records.map((record: { quantity: number }) => record.quantity)).toEqual([165]);
    const state = await call(served.url, 'GET', '/__sandbox/state');
    expect(state.body.usage_records).toEqual([
      expect.objectContaining({
        id: firstId,
        quantity: 120,
        superseded_by: corrected.body.results[0].usage_record.id,
      }),
      expect.objectContaining({ quantity: 165 }),
    ]);
  });

  it('refuses to replace an unknown, already replaced, or other customer’s or day’s record', async () => {
    const first = await batch([{ ...usage, idempotency_key: 'k1' }]);
    const firstId = first.body.results[0].usage_record.id as string;
    const refused = await batch([
      { ...usage, usage_date: '2026-10-03', idempotency_key: 'k3', supersedes: firstId },
      { ...usage, idempotency_key: 'k4', supersedes: 'ur_unknown' },
    ]);
    expect(refused.body.results.map((result: { error?: { code: string } }) => result.error?.code)).toEqual([
      'invalid_supersedes',
      'invalid_supersedes',
    ]);
    await batch([{ ...usage, quantity: 130, idempotency_key: 'k5', supersedes: firstId }]);
    const again = await batch([{ ...usage, quantity: 140, idempotency_key: 'k6', supersedes: firstId }]);
    expect(again.body.results[0].error.message).toContain('already replaced');
  });
});
