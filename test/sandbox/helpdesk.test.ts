import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHelpdeskSandbox } from '../../sandbox/helpdesk/create-helpdesk-sandbox';
import { longTicketDescription } from '../../sandbox/helpdesk/helpdesk-seed';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const auth = { authorization: 'Token helpdesk_dev_key' };
const newTicket = {
  subject: 'Kassensystem zeigt falsche Mehrwertsteuer',
  description: 'Since the POS upgrade the receipts show 19 % on bread.',
  priority: 'high',
  requesterEmail: 'anna-lena@baeckerei-schmidt.example',
  crmCompanyId: 'co_seed07',
};

describe('helpdesk sandbox', () => {
  let served: ServedSandbox<ReturnType<typeof createHelpdeskSandbox>>;
  const state = async () => (await call(served.url, 'GET', '/__sandbox/state')).body;

  beforeEach(async () => {
    // Nothing listens on port 9: escalations in these tests are logged, never delivered.
    served = await serveForTest(
      createHelpdeskSandbox({ webhookUrl: 'http://127.0.0.1:9/unused', webhookRetryScheduleSeconds: [] }),
    );
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Token helpdesk_wrong' }],
    ['the key as a bearer token', { authorization: 'Bearer helpdesk_dev_key' }],
  ])('refuses %s with 401 in its own error shape', async (_case, headers) => {
    const result = await call(served.url, 'GET', '/api/tickets', { headers });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ error: { type: 'unauthorized', detail: expect.any(String) } });
    const escalate = await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers });
    expect(escalate.status).toBe(401);
    expect((await state()).deliveries).toEqual([]);
  });

  it('lists seeded tickets with camelCase fields and epoch-millisecond timestamps', async () => {
    const listed = await call(served.url, 'GET', '/api/tickets', { headers: auth });
    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(8);
    expect(listed.body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual(
      Array.from({ length: 8 }, (_, index) => `tkt_seed0${index + 1}`),
    );
    for (const ticket of listed.body.tickets) {
      expect(ticket.crmCompanyId).toMatch(/^co_seed\d\d$/);
      expect(typeof ticket.createdAt).toBe('number');
      expect(ticket.escalatedAt).toBeNull();
      expect(ticket.revision).toBe(1);
    }
    expect(longTicketDescription.length).toBeGreaterThan(4_000);
    expect(
      listed.body.tickets.some(
        (ticket: { description: string }) => ticket.description === longTicketDescription,
      ),
    ).toBe(true);
    const open = await call(served.url, 'GET', '/api/tickets?status=solved', { headers: auth });
    expect(open.body.tickets.map((ticket: { id: string }) => ticket.id)).toEqual(['tkt_seed07']);
    const badStatus = await call(served.url, 'GET', '/api/tickets?status=closed', { headers: auth });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.type).toBe('invalid_query');

    const read = await call(served.url, 'GET', '/api/tickets/tkt_seed01', { headers: auth });
    expect(read.body.ticket).toEqual(listed.body.tickets[0]);
    const missing = await call(served.url, 'GET', '/api/tickets/tkt_nope', { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('not_found');
  });

  it('escalates: status, escalatedAt, revision bumped, and one delivery logged', async () => {
    const before = Date.now();
    const escalated = await call(served.url, 'POST', '/api/tickets/tkt_seed03/escalate', { headers: auth });
    expect(escalated.status).toBe(200);
    expect(escalated.body.ticket).toMatchObject({ id: 'tkt_seed03', status: 'escalated', revision: 2 });
    expect(escalated.body.ticket.escalatedAt).toBeGreaterThanOrEqual(before);
    expect(escalated.body.ticket.updatedAt).toBe(escalated.body.ticket.escalatedAt);
    const { tickets, deliveries } = await state();
    expect(tickets.find((ticket: { id: string }) => ticket.id === 'tkt_seed03')).toEqual(
      escalated.body.ticket,
    );
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].payload.ticket).toEqual(escalated.body.ticket);
    expect((await call(served.url, 'POST', '/api/tickets/tkt_nope/escalate', { headers: auth })).status).toBe(
      404,
    );
  });

  it('creates a ticket, once per Idempotency-Key', async () => {
    const headers = { ...auth, 'idempotency-key': 'web-form-4711' };
    const created = await call(served.url, 'POST', '/api/tickets', { headers, json: newTicket });
    expect(created.status).toBe(201);
    expect(created.body.ticket).toMatchObject({
      ...newTicket,
      status: 'open',
      revision: 1,
      escalatedAt: null,
    });
    expect(created.body.ticket.id).toMatch(/^tkt_[0-9a-z]{16}$/);
    const replay = await call(served.url, 'POST', '/api/tickets', { headers, json: newTicket });
    expect(replay.status).toBe(200);
    expect(replay.body.ticket).toEqual(created.body.ticket);
    const reused = await call(served.url, 'POST', '/api/tickets', {
      headers,
      json: { ...newTicket, priority: 'low' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.type).toBe('idempotency_key_reused');
    expect((await state()).tickets).toHaveLength(9);

    const withoutPriority = { ...newTicket, priority: undefined };
    const defaulted = await call(served.url, 'POST', '/api/tickets', {
      headers: auth,
      json: withoutPriority,
    });
    expect(defaulted.body.ticket.priority).toBe('normal');
  });

  it.each([
    ['subject', { subject: undefined }, 'is required'],
    ['subject', { subject: 's'.repeat(251) }, 'must be at most 250 characters'],
    ['description', { description: ' ' }, 'must not be blank'],
    ['priority', { priority: 'p1' }, 'must be one of low, normal, high, urgent'],
    ['requesterEmail', { requesterEmail: 'anna at example' }, 'must be an email address'],
    ['requesterEmail', { requesterEmail: undefined }, 'is required'],
    ['crmCompanyId', { crmCompanyId: 17 }, 'must be a string'],
    ['tags', { tags: ['pos'] }, 'unknown field'],
  ])('refuses an invalid %s (%j) with 422 naming it', async (field, change, message) => {
    const result = await call(served.url, 'POST', '/api/tickets', {
      headers: auth,
      json: { ...newTicket, ...change },
    });
    expect(result.status).toBe(422);
    expect(result.body.error).toMatchObject({ type: 'validation_failed', fields: [{ field, message }] });
    expect(result.body.error.detail).toContain(field);
    expect((await state()).tickets).toHaveLength(8);
  });

  it('answers malformed JSON with 400 in its own shape', async () => {
    const response = await fetch(`${served.url}/api/tickets`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"subject":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { type: 'invalid_json', detail: expect.any(String) } });
  });

  it.each([
    ['http_500', 500, 'internal_error'],
    ['http_429', 429, 'rate_limited'],
    ['error_body_200', 200, 'internal_error'],
    ['expired_credentials', 401, 'token_expired'],
    ['revoked_credentials', 401, 'token_revoked'],
  ])('%s answers %i with error type %s, before auth, then expires', async (kind, status, type) => {
    await addFault(served.url, { kind, count: 1, route: 'GET /api/tickets' });
    const faulted = await call(served.url, 'GET', '/api/tickets');
    expect(faulted.status).toBe(status);
    expect(faulted.body).toEqual({ error: { type, detail: expect.any(String) } });
    if (kind === 'http_429') expect(faulted.headers.get('retry-after')).toBe('1');
    expect((await call(served.url, 'GET', '/api/tickets', { headers: auth })).status).toBe(200);
  });

  it('refuses write faults: the helpdesk is a source, not a target', async () => {
    const refused = await call(served.url, 'POST', '/__sandbox/faults', {
      json: { kind: 'drop_write', count: 1 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('kind');
  });

  it('control plane: state lists tickets and deliveries; reset reseeds and forgets', async () => {
    await call(served.url, 'POST', '/api/tickets/tkt_seed01/escalate', { headers: auth });
    await call(served.url, 'POST', '/api/tickets', { headers: auth, json: newTicket });
    await addFault(served.url, { kind: 'http_500', rate: 1 });
    const before = await state();
    expect(Object.keys(before).sort()).toEqual(['deliveries', 'tickets']);
    expect(before.tickets).toHaveLength(9);
    expect(before.deliveries).toHaveLength(1);

    expect((await call(served.url, 'POST', '/__sandbox/reset')).status).toBe(200);
    const after = await state();
    expect(after.deliveries).toEqual([]);
    expect(after.tickets).toHaveLength(8);
    expect(after.tickets[0]).toMatchObject({ id: 'tkt_seed01', status: 'open', revision: 1 });
    expect((await call(served.url, 'GET', '/__sandbox/faults')).body.faults).toEqual([]);
  });
});
