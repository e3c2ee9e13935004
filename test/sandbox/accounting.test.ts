import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountingSandbox } from '../../sandbox/accounting/create-accounting-sandbox';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
});
const auth = basic('loudwire-dev', 'accounting_dev_secret');
const contacts = '/api.accounting/v1/Contacts';
const contact = {
  Name: 'Acme Robotics, Inc.',
  EmailAddress: 'billing@acme-robotics.example',
  CountryCode: 'US',
  Currency: 'USD',
  ExternalRef: 'deal_seed01',
};

describe('accounting sandbox', () => {
  let served: ServedSandbox<ReturnType<typeof createAccountingSandbox>>;
  const stored = async () => (await call(served.url, 'GET', '/__sandbox/state')).body.contacts;

  beforeEach(async () => {
    served = await serveForTest(createAccountingSandbox());
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    ['no credentials', {}],
    ['a wrong secret', basic('loudwire-dev', 'wrong')],
    ['a wrong client ID', basic('someone-else', 'accounting_dev_secret')],
    ['the secret as a bearer token', { authorization: 'Bearer accounting_dev_secret' }],
    [
      'a Basic value without a colon',
      { authorization: `Basic ${Buffer.from('loudwire-dev').toString('base64')}` },
    ],
  ])('refuses %s with 401 and a Basic challenge', async (_case, headers) => {
    const result = await call(served.url, 'POST', contacts, { headers, json: contact });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ Type: 'Unauthorized', Message: expect.any(String) });
    expect(result.headers.get('www-authenticate')).toMatch(/^Basic realm="accounting"/);
    expect(await stored()).toEqual([]);
  });

  it('creates a contact and reads it back by ExternalRef and ContactID, PascalCase and wrapped', async () => {
    const created = await call(served.url, 'POST', contacts, { headers: auth, json: contact });
    expect(created.status).toBe(201);
    expect(created.body.Contacts).toHaveLength(1);
    const [made] = created.body.Contacts;
    expect(made).toEqual({
      ...contact,
      ContactID: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      ContactStatus: 'ACTIVE',
      UpdatedDateUTC: expect.any(String),
    });
    const byRef = await call(served.url, 'GET', `${contacts}?ExternalRef=deal_seed01`, { headers: auth });
    expect(byRef.body).toEqual({ Contacts: [made] });
    expect(
      (await call(served.url, 'GET', `${contacts}?ExternalRef=deal_other`, { headers: auth })).body,
    ).toEqual({
      Contacts: [],
    });
    const read = await call(served.url, 'GET', `${contacts}/${made.ContactID}`, { headers: auth });
    expect(read.body).toEqual({ Contacts: [made] });
    const missing = await call(served.url, 'GET', `${contacts}/00000000-0000-4000-8000-000000000000`, {
      headers: auth,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.Type).toBe('NotFound');
    expect(await stored()).toEqual([made]);
  });

  it('replays a create with the same Idempotency-Key, refuses the key with another body', async () => {
    const headers = { ...auth, 'idempotency-key': 'invoice-contact-deal_seed01' };
    const first = await call(served.url, 'POST', contacts, { headers, json: contact });
    const second = await call(served.url, 'POST', contacts, { headers, json: { ...contact } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const reused = await call(served.url, 'POST', contacts, { headers, json: { ...contact, Name: 'Other' } });
    expect(reused.status).toBe(409);
    expect(reused.body.Type).toBe('IdempotencyKeyReused');
    expect(await stored()).toHaveLength(1);
  });

  it.each([
    ['Name', { Name: undefined }, 'is required'],
    ['Name', { Name: 'n'.repeat(256) }, 'must be at most 255 characters'],
    ['EmailAddress', { EmailAddress: 'billing at acme' }, 'must be an email address'],
    ['CountryCode', { CountryCode: 'us' }, 'must be an upper-case ISO 3166-1 alpha-2 country code, e.g. DE'],
    ['CountryCode', { CountryCode: undefined }, 'is required'],
    ['Currency', { Currency: 'usd' }, 'must be an upper-case ISO 4217 currency code, e.g. EUR'],
    ['ExternalRef', { ExternalRef: undefined }, 'is required'],
    ['name', { name: 'Acme' }, 'unknown field'],
  ])(
    'refuses an invalid %s (%j) with a 400 ValidationException naming it',
    async (field, change, message) => {
      const result = await call(served.url, 'POST', contacts, {
        headers: auth,
        json: { ...contact, ...change },
      });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({
        Type: 'ValidationException',
        Message: expect.any(String),
        Elements: [{ Field: field, Message: message }],
      });
      expect(await stored()).toEqual([]);
    },
  );

  it('lists every invalid field at once', async () => {
    const result = await call(served.url, 'POST', contacts, {
      headers: auth,
      json: { Name: '', CountryCode: 'Germany', Currency: 'EUR' },
    });
    expect(result.body.Elements.map((element: { Field: string }) => element.Field)).toEqual([
      'Name',
      'CountryCode',
      'ExternalRef',
    ]);
  });

  it('answers malformed JSON with its own error shape', async () => {
    const response = await fetch(`${served.url}${contacts}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"Name":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ Type: 'InvalidJson', Message: expect.any(String) });
  });

  it('updates a contact partially with PUT and never its ExternalRef', async () => {
    const created = await call(served.url, 'POST', contacts, { headers: auth, json: contact });
    const id = created.body.Contacts[0].ContactID;
    const updated = await call(served.url, 'PUT', `${contacts}/${id}`, {
      headers: auth,
      json: { EmailAddress: 'ap@acme-robotics.example' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.Contacts[0]).toMatchObject({ ...contact, EmailAddress: 'ap@acme-robotics.example' });
    const relinked = await call(served.url, 'PUT', `${contacts}/${id}`, {
      headers: auth,
      json: { ExternalRef: 'deal_other' },
    });
    expect(relinked.status).toBe(400);
    expect(relinked.body.Elements).toEqual([{ Field: 'ExternalRef', Message: 'cannot be changed' }]);
    expect((await stored())[0]).toMatchObject({ ExternalRef: 'deal_seed01' });
  });

  it.each([
    ['http_500', 500, 'InternalError'],
    ['http_429', 429, 'RateLimitExceeded'],
    ['error_body_200', 200, 'ProcessingException'],
    ['expired_credentials', 401, 'CredentialsExpired'],
    ['revoked_credentials', 403, 'ClientRevoked'],
  ])('%s answers %i with Type %s and stores nothing', async (kind, status, type) => {
    await addFault(served.url, { kind, count: 1, route: `POST ${contacts}` });
    const faulted = await call(served.url, 'POST', contacts, { headers: auth, json: contact });
    expect(faulted.status).toBe(status);
    expect(faulted.body.Type).toBe(type);
    expect(await stored()).toEqual([]);
    expect((await call(served.url, 'POST', contacts, { headers: auth, json: contact })).status).toBe(201);
  });

  it('drop_write answers a plausible contact but stores nothing', async () => {
    await addFault(served.url, { kind: 'drop_write', count: 1 });
    const created = await call(served.url, 'POST', contacts, { headers: auth, json: contact });
    expect(created.status).toBe(201);
    expect(created.body.Contacts[0]).toMatchObject(contact);
    expect(await stored()).toEqual([]);
  });

  it('alter_write stores one changed character of the Name', async () => {
    await addFault(served.url, { kind: 'alter_write', count: 1 });
    const created = await call(served.url, 'POST', contacts, { headers: auth, json: contact });
    const [kept] = await stored();
    expect(created.body.Contacts[0].Name).toBe(contact.Name);
    expect(kept.Name).not.toBe(contact.Name);
    expect({ ...kept, Name: contact.Name }).toEqual(created.body.Contacts[0]);
  });

  it('control plane: state lists contacts with ExternalRef; reset wipes them and the keys', async () => {
    const headers = { ...auth, 'idempotency-key': 'k1' };
    await call(served.url, 'POST', contacts, { headers, json: contact });
    const state = (await call(served.url, 'GET', '/__sandbox/state')).body;
    expect(Object.keys(state)).toEqual(['contacts']);
    expect(state.contacts[0].ExternalRef).toBe('deal_seed01');
    expect(state.contacts[0]).not.toHaveProperty('id');
    await call(served.url, 'POST', '/__sandbox/reset');
    expect(await stored()).toEqual([]);
    expect((await call(served.url, 'POST', contacts, { headers, json: contact })).status).toBe(201);
  });
});
