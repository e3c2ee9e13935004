import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillingSandbox } from '../../sandbox/billing/create-billing-sandbox';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const credentials = {
  grant_type: 'client_credentials',
  client_id: 'loudwire-dev',
  client_secret: 'billing_dev_secret',
};
const customer = {
  name: 'Müller & Söhne GmbH',
  country: 'DE',
  currency: 'EUR',
  email: 'hans.mueller@mueller-soehne.example',
  phone: '+49895550124',
  external_id: 'deal_seed06',
  metadata: { crm_company_id: 'co_seed06' },
};

describe('billing sandbox', () => {
  let served: ServedSandbox<ReturnType<typeof createBillingSandbox>>;
  const token = async () =>
    (await call(served.url, 'POST', '/oauth/token', { form: credentials })).body.access_token as string;
  const bearer = async () => ({ authorization: `Bearer ${await token()}` });
  const stored = async () => (await call(served.url, 'GET', '/__sandbox/state')).body.customers;

  beforeEach(async () => {
    served = await serveForTest(createBillingSandbox({ tokenTtlSeconds: 1 }));
  });
  afterEach(async () => {
    await served.close();
  });

  describe('OAuth client credentials', () => {
    it('issues a bearer token from a form body', async () => {
      const result = await call(served.url, 'POST', '/oauth/token', { form: credentials });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 1 });
      expect(result.headers.get('cache-control')).toBe('no-store');
    });

    it('issues a token from a JSON body or HTTP Basic', async () => {
      expect((await call(served.url, 'POST', '/oauth/token', { json: credentials })).status).toBe(200);
      const basic = Buffer.from('loudwire-dev:billing_dev_secret').toString('base64');
      const result = await call(served.url, 'POST', '/oauth/token', {
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials' },
      });
      expect(result.status).toBe(200);
      expect(result.body.token_type).toBe('Bearer');
    });

    it.each([
      ['a wrong secret', { ...credentials, client_secret: 'nope' }, 401, 'invalid_client'],
      ['an unknown client', { ...credentials, client_id: 'someone-else' }, 401, 'invalid_client'],
      ['no credentials', { grant_type: 'client_credentials' }, 401, 'invalid_client'],
      ['another grant', { ...credentials, grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [
        'no grant',
        { client_id: 'loudwire-dev', client_secret: 'billing_dev_secret' },
        400,
        'invalid_request',
      ],
    ])('refuses %s', async (_case, form, status, error) => {
      const result = await call(served.url, 'POST', '/oauth/token', { form: form as Record<string, string> });
      expect(result.status).toBe(status);
      expect(result.body).toMatchObject({ error, error_description: expect.any(String) });
    });

    it.each([
      ['no token', {}],
      ['an unknown token', { authorization: 'Bearer bat_made_up' }],
    ])('answers %s on the API with 401 invalid_token', async (_case, headers) => {
      const result = await call(served.url, 'GET', '/v1/customers', { headers });
      expect(result.status).toBe(401);
      expect(result.body.error).toBe('invalid_token');
      expect(result.headers.get('www-authenticate')).toContain('invalid_token');
    });

    it('expires tokens after their TTL', async () => {
      const headers = await bearer();
      expect((await call(served.url, 'GET', '/v1/customers', { headers })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const expired = await call(served.url, 'GET', '/v1/customers', { headers });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ error: 'invalid_token', error_description: 'The access token expired' });
      expect((await call(served.url, 'GET', '/v1/customers', { headers: await bearer() })).status).toBe(200);
    });
  });

  it('creates a customer and finds it by external_id and ID', async () => {
    const headers = await bearer();
    const created = await call(served.url, 'POST', '/v1/customers', { headers, json: customer });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      customer: {
        ...customer,
        id: expect.stringMatching(/^cus_[0-9a-z]{16}$/),
        created_at: expect.any(String),
      },
    });
    const found = await call(served.url, 'GET', '/v1/customers?external_id=deal_seed06', { headers });
    expect(found.body).toEqual({ success: true, customers: [created.body.customer] });
    const read = await call(served.url, 'GET', `/v1/customers/${created.body.customer.id}`, { headers });
    expect(read.body).toEqual({ success: true, customer: created.body.customer });
    const missing = await call(served.url, 'GET', '/v1/customers/cus_missing', { headers });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ success: false, error: { code: 'resource_missing' } });
  });

  it('fills unset optional fields with null and an empty metadata object', async () => {
    const { email: _email, phone: _phone, metadata: _metadata, ...minimal } = customer;
    const created = await call(served.url, 'POST', '/v1/customers', {
      headers: await bearer(),
      json: minimal,
    });
    expect(created.body.customer).toMatchObject({ email: null, phone: null, metadata: {} });
  });

  it.each([
    ['country', { country: 'de' }],
    ['country', { country: 'Germany' }],
    ['country', { country: 'XX' }],
    ['country', { country: undefined }],
    ['currency', { currency: 'eur' }],
    ['currency', { currency: 'EUX' }],
    ['name', { name: 'n'.repeat(201) }],
    ['name', { name: undefined }],
    ['phone', { phone: '089 5550124' }],
    ['email', { email: 'not-an-email' }],
    ['external_id', { external_id: '' }],
    ['metadata.crm_company_id', { metadata: { crm_company_id: 42 } }],
    ['tax_id', { tax_id: 'DE123' }],
  ])('reports an invalid %s (%j) as HTTP 200 success=false, storing nothing', async (field, change) => {
    const result = await call(served.url, 'POST', '/v1/customers', {
      headers: await bearer(),
      json: { ...customer, ...change },
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      success: false,
      error: { code: 'validation_error', field, message: expect.any(String) },
    });
    expect(await stored()).toEqual([]);
  });

  it('is idempotent on Idempotency-Key', async () => {
    const headers = { ...(await bearer()), 'idempotency-key': 'sync-deal_seed06-billing' };
    const first = await call(served.url, 'POST', '/v1/customers', { headers, json: customer });
    const second = await call(served.url, 'POST', '/v1/customers', { headers, json: customer });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.customer).toEqual(first.body.customer);
    const reused = await call(served.url, 'POST', '/v1/customers', {
      headers,
      json: { ...customer, country: 'AT' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ success: false, error: { code: 'idempotency_key_reused' } });
    expect(await stored()).toHaveLength(1);
  });

  it('drop_write answers success but stores nothing', async () => {
    await addFault(served.url, { kind: 'drop_write', count: 1, route: 'POST /v1/customers' });
    const created = await call(served.url, 'POST', '/v1/customers', {
      headers: await bearer(),
      json: customer,
    });
    expect(created.status).toBe(201);
    expect(created.body.customer).toMatchObject(customer);
    expect(await stored()).toEqual([]);
  });

  it('alter_write stores an altered name but answers the intended one', async () => {
    await addFault(served.url, { kind: 'alter_write', count: 1 });
    const headers = await bearer();
    const created = await call(served.url, 'POST', '/v1/customers', { headers, json: customer });
    expect(created.body.customer.name).toBe(customer.name);
    const [record] = await stored();
    expect(record.id).toBe(created.body.customer.id);
    expect(record.name).not.toBe(customer.name);
    expect({ ...record, name: customer.name }).toEqual(created.body.customer);
  });

  it('revoked_credentials refuses the token endpoint and the API with invalid_client', async () => {
    const headers = await bearer();
    await addFault(served.url, { kind: 'revoked_credentials', rate: 1 });
    const tokenResult = await call(served.url, 'POST', '/oauth/token', { form: credentials });
    expect(tokenResult.status).toBe(401);
    expect(tokenResult.body.error).toBe('invalid_client');
    const apiResult = await call(served.url, 'GET', '/v1/customers', { headers });
    expect(apiResult.status).toBe(401);
    expect(apiResult.body.error).toBe('invalid_client');
  });

  it('expired_credentials spares the token endpoint and expires the API token', async () => {
    await addFault(served.url, { kind: 'expired_credentials', count: 1 });
    const headers = await bearer();
    const expired = await call(served.url, 'GET', '/v1/customers', { headers });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ error: 'invalid_token', error_description: 'The access token expired' });
    expect((await call(served.url, 'GET', '/v1/customers', { headers })).status).toBe(200);
  });

  it('keeps issued tokens across a reset', async () => {
    const headers = await bearer();
    await call(served.url, 'POST', '/__sandbox/reset');
    expect((await call(served.url, 'GET', '/v1/customers', { headers })).status).toBe(200);
  });
});
