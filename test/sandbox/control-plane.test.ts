import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { createBillingSandbox } from '../../sandbox/billing/create-billing-sandbox';
import { createCrmSandbox } from '../../sandbox/crm/create-crm-sandbox';
import { FaultRegistry, routeMatches } from '../../sandbox/kit/faults/fault-registry';
import { isLoopbackAddress, loopbackOnly } from '../../sandbox/kit/loopback';
import { createProjectToolSandbox } from '../../sandbox/project-tool/create-project-tool-sandbox';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const projectsAuth = { 'x-api-key': 'projects_dev_key' };
const validProject = { name: 'Rollout', client: 'Acme', external_id: 'deal_1' };

describe('loopback check', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.255.0.1'])(
    'accepts %s',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(true);
    },
  );

  it.each([
    '10.0.0.5',
    '192.168.1.20',
    '::ffff:10.0.0.1',
    '128.0.0.1',
    '127.0.0',
    '127.0.0.1.5',
    'fe80::1',
    '',
    undefined,
  ])('refuses %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });

  it('answers a non-loopback caller 403 without reaching the control plane', () => {
    let status = 0;
    let body: unknown;
    let reachedNext = false;
    const res = {
      status(code: number) {
        status = code;
        return this;
      },
      json(value: unknown) {
        body = value;
        return this;
      },
    } as unknown as Response;
    const req = { socket: { remoteAddress: '203.0.113.7' }, headers: { 'x-forwarded-for': '127.0.0.1' } };
    loopbackOnly(req as unknown as Request, res, () => {
      reachedNext = true;
    });
    expect(reachedNext).toBe(false);
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: 'forbidden' });
  });
});

describe('fault routes', () => {
  it('matches method and path prefix on segment boundaries', () => {
    const post = { method: 'POST', path: '/v2/projects' };
    expect(routeMatches('POST /v2/projects', post)).toBe(true);
    expect(routeMatches('post /v2/projects', post)).toBe(true);
    expect(routeMatches('GET /v2/projects', post)).toBe(false);
    expect(routeMatches('/v2/projects', { method: 'GET', path: '/v2/projects/prj_1' })).toBe(true);
    expect(routeMatches('/v2/projects', { method: 'GET', path: '/v2/projects-archive' })).toBe(false);
    expect(routeMatches(undefined, post)).toBe(true);
  });

  it('fires a rate fault by its probability', () => {
    const rolls = [0.2, 0.7, 0.49];
    const registry = new FaultRegistry(() => rolls.shift() ?? 1);
    registry.add({ kind: 'http_500', rate: 0.5 });
    const fired = [1, 2, 3].map(() => registry.takeFirst(['http_500']) !== undefined);
    expect(fired).toEqual([true, false, true]);
    expect(registry.list()).toHaveLength(1);
    // What a chaos run reports as injected.
    expect(registry.list()[0]!.fired).toBe(2);
  });
});

describe('control plane over HTTP', () => {
  let served: ServedSandbox<ReturnType<typeof createProjectToolSandbox>>;
  beforeEach(async () => {
    served = await serveForTest(createProjectToolSandbox());
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    [{ kind: 'http_500' }, 'count'],
    [{ kind: 'http_500', count: 1, rate: 0.5 }, 'count'],
    [{ kind: 'http_501', count: 1 }, 'kind'],
    [{ kind: 'webhook_empty_payload', count: 1 }, 'kind'],
    [{ kind: 'http_500', rate: 1.5 }, 'rate'],
    [{ kind: 'http_500', count: 0 }, 'count'],
    [{ kind: 'http_500', count: 1, retryAfterSeconds: 3 }, 'retryAfterSeconds'],
    [{ kind: 'slow', count: 1, delayMs: -1 }, 'delayMs'],
    [{ kind: 'http_500', count: 1, route: 'POST v2/projects' }, 'route'],
    [{ kind: 'http_500', count: 1, colour: 'red' }, 'colour'],
  ])('refuses fault %j naming field %s', async (fault, field) => {
    const result = await call(served.url, 'POST', '/__sandbox/faults', { json: fault });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: 'invalid_fault', field });
    expect((await call(served.url, 'GET', '/__sandbox/faults')).body.faults).toEqual([]);
  });

  it('lists, expires and clears faults', async () => {
    await addFault(served.url, { kind: 'http_500', count: 2 });
    await addFault(served.url, {
      kind: 'http_429',
      rate: 1,
      route: 'GET /v2/projects',
      retryAfterSeconds: 7,
    });
    const listed = await call(served.url, 'GET', '/__sandbox/faults');
    expect(listed.body.faults).toMatchObject([
      { kind: 'http_500', remaining: 2 },
      { kind: 'http_429', rate: 1, route: 'GET /v2/projects', retryAfterSeconds: 7 },
    ]);

    // The count fault fires on the next two matching requests, whatever the route, then expires.
    expect((await call(served.url, 'GET', '/v2/projects', { headers: projectsAuth })).status).toBe(500);
    expect(
      (await call(served.url, 'POST', '/v2/projects', { headers: projectsAuth, json: validProject })).status,
    ).toBe(500);
    expect((await call(served.url, 'GET', '/__sandbox/faults')).body.faults).toHaveLength(1);
    expect(
      (await call(served.url, 'POST', '/v2/projects', { headers: projectsAuth, json: validProject })).status,
    ).toBe(201);
    // The rate fault only fires on its route.
    const limited = await call(served.url, 'GET', '/v2/projects', { headers: projectsAuth });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');

    const cleared = await call(served.url, 'DELETE', '/__sandbox/faults');
    expect(cleared.body.faults).toEqual([]);
    expect((await call(served.url, 'GET', '/v2/projects', { headers: projectsAuth })).status).toBe(200);
  });

  it('is never subject to faults itself', async () => {
    await addFault(served.url, { kind: 'http_500', rate: 1 });
    expect((await call(served.url, 'GET', '/__sandbox/state')).status).toBe(200);
  });

  it('reset wipes records and faults', async () => {
    const created = await call(served.url, 'POST', '/v2/projects', {
      headers: projectsAuth,
      json: validProject,
    });
    await call(served.url, 'POST', '/v2/tasks', {
      headers: projectsAuth,
      json: {
        project_id: created.body.project.id,
        title: 'Escalated',
        priority: 'high',
        external_id: 'tkt_seed01',
      },
    });
    await addFault(served.url, { kind: 'http_500', rate: 1 });
    expect((await call(served.url, 'GET', '/__sandbox/state')).body.projects).toHaveLength(1);
    expect((await call(served.url, 'GET', '/__sandbox/state')).body.tasks).toHaveLength(1);
    expect((await call(served.url, 'POST', '/__sandbox/reset')).status).toBe(200);
    expect((await call(served.url, 'GET', '/__sandbox/state')).body).toEqual({
      projects: [],
      tasks: [],
      time_entries: [],
    });
    expect((await call(served.url, 'GET', '/__sandbox/faults')).body.faults).toEqual([]);
  });
});

describe('state collections per vendor', () => {
  it('CRM reports deals, companies, contacts, deliveries and reseeds on reset', async () => {
    const served = await serveForTest(createCrmSandbox());
    try {
      await call(served.url, 'POST', '/api/deals/deal_seed01/win', {
        headers: { authorization: 'Bearer crm_dev_key' },
      });
      await call(served.url, 'POST', '/api/notes', {
        headers: { authorization: 'Bearer crm_dev_key' },
        json: { companyId: 'co_seed01', body: 'Escalated ticket', externalId: 'tkt_seed01' },
      });
      await call(served.url, 'POST', '/__sandbox/reset');
      const state = (await call(served.url, 'GET', '/__sandbox/state')).body;
      expect(Object.keys(state).sort()).toEqual(['companies', 'contacts', 'deals', 'deliveries', 'notes']);
      expect(state.deliveries).toEqual([]);
      expect(state.notes).toEqual([]);
      expect(state.deals.find((deal: { id: string }) => deal.id === 'deal_seed01').stage).toBe('open');
      expect(state.companies.length).toBeGreaterThanOrEqual(12);
    } finally {
      await served.close();
    }
  });

  it('billing reports customers and usage records', async () => {
    const served = await serveForTest(createBillingSandbox());
    try {
      expect((await call(served.url, 'GET', '/__sandbox/state')).body).toEqual({
        customers: [],
        usage_records: [],
      });
    } finally {
      await served.close();
    }
  });
});
