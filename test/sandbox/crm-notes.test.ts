import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const auth = { authorization: 'Bearer crm_dev_key' };
const note = {
  companyId: 'co_seed01',
  body: 'Support escalation tkt_seed01: "Roboterarm kalibriert nicht" (urgent).',
  externalId: 'tkt_seed01',
};

describe('CRM notes', () => {
  let served: ServedSandbox<ReturnType<typeof createCrmSandbox>>;
  const stored = async () => (await call(served.url, 'GET', '/__sandbox/state')).body.notes;

  beforeEach(async () => {
    served = await serveForTest(createCrmSandbox({ webhookUrl: 'http://127.0.0.1:9/unused' }));
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer crm_wrong' }],
    ['the key without Bearer', { authorization: 'crm_dev_key' }],
  ])('refuses %s with 401', async (_case, headers) => {
    const result = await call(served.url, 'POST', '/api/notes', { headers, json: note });
    expect(result.status).toBe(401);
    expect(result.body.errorCode).toBe('UNAUTHORIZED');
    expect(await stored()).toEqual([]);
  });

  it('creates a note on a company and reads it back by externalId and ID', async () => {
    const created = await call(served.url, 'POST', '/api/notes', { headers: auth, json: note });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(note);
    expect(created.body.id).toMatch(/^note_[0-9a-z]{16}$/);
    expect(created.body.createdAt).toBe(created.body.updatedAt);

    const found = await call(served.url, 'GET', '/api/notes?externalId=tkt_seed01', { headers: auth });
    expect(found.body).toEqual({ notes: [created.body], totalCount: 1 });
    const byCompany = await call(served.url, 'GET', '/api/notes?companyId=co_seed02', { headers: auth });
    expect(byCompany.body).toEqual({ notes: [], totalCount: 0 });
    const read = await call(served.url, 'GET', `/api/notes/${created.body.id}`, { headers: auth });
    expect(read.body).toEqual(created.body);
    const missing = await call(served.url, 'GET', '/api/notes/note_missing', { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.errorCode).toBe('NOT_FOUND');
    expect(await stored()).toEqual([created.body]);
  });

  it('replays a create with the same Idempotency-Key, refuses the key with another body', async () => {
    const headers = { ...auth, 'idempotency-key': 'escalation-tkt_seed01-note' };
    const first = await call(served.url, 'POST', '/api/notes', { headers, json: note });
    const second = await call(served.url, 'POST', '/api/notes', { headers, json: note });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const reused = await call(served.url, 'POST', '/api/notes', {
      headers,
      json: { ...note, body: 'other' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.errorCode).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stored()).toHaveLength(1);
  });

  it.each([
    ['companyId', { companyId: undefined }, 'is required'],
    ['body', { body: '' }, 'must not be blank'],
    ['body', { body: 'b'.repeat(10_001) }, 'must be at most 10000 characters'],
    ['externalId', { externalId: 7 }, 'must be a string'],
    ['pinned', { pinned: true }, 'unknown field'],
    ['companyId', { companyId: 'co_nope' }, 'no such company co_nope'],
  ])('refuses an invalid %s (%j) with 422 naming it', async (field, change, message) => {
    const result = await call(served.url, 'POST', '/api/notes', {
      headers: auth,
      json: { ...note, ...change },
    });
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ errorCode: 'VALIDATION_FAILED', fieldErrors: [{ field, message }] });
    expect(await stored()).toEqual([]);
  });

  it('updates only the body of a note', async () => {
    const created = await call(served.url, 'POST', '/api/notes', { headers: auth, json: note });
    const patched = await call(served.url, 'PATCH', `/api/notes/${created.body.id}`, {
      headers: auth,
      json: { body: 'Resolved.' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ ...note, body: 'Resolved.' });
    const moved = await call(served.url, 'PATCH', `/api/notes/${created.body.id}`, {
      headers: auth,
      json: { companyId: 'co_seed02' },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.fieldErrors).toContainEqual({ field: 'companyId', message: 'unknown field' });
    expect((await stored())[0]).toMatchObject({ companyId: 'co_seed01', body: 'Resolved.' });
  });

  it('drop_write answers a plausible note but stores nothing', async () => {
    await addFault(served.url, { kind: 'drop_write', count: 1, route: 'POST /api/notes' });
    const created = await call(served.url, 'POST', '/api/notes', { headers: auth, json: note });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(note);
    expect(await stored()).toEqual([]);
  });

  it('alter_write stores one changed character of the body', async () => {
    await addFault(served.url, { kind: 'alter_write', count: 1 });
    const created = await call(served.url, 'POST', '/api/notes', { headers: auth, json: note });
    expect(created.body.body).toBe(note.body);
    const [kept] = await stored();
    expect(kept.body).not.toBe(note.body);
    expect({ ...kept, body: note.body }).toEqual(created.body);
  });

  it('error_body_200 answers the CRM quirk on note routes', async () => {
    await addFault(served.url, { kind: 'error_body_200', count: 1, route: 'POST /api/notes' });
    const result = await call(served.url, 'POST', '/api/notes', { headers: auth, json: note });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ data: null, errors: [{ errorCode: 'INTERNAL_SERVER_ERROR' }] });
    expect(await stored()).toEqual([]);
  });
});
