import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectToolSandbox } from '../../sandbox/project-tool/create-project-tool-sandbox';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const auth = { 'x-api-key': 'projects_dev_key' };
const project = {
  name: 'Acme Robotics – onboarding package',
  client: 'Acme Robotics, Inc.',
  external_id: 'deal_seed01',
  kickoff_date: '2025-04-01',
  budget_cents: 1_250_000,
  currency: 'USD',
  owner_email: 'sam.rivera@crm-demo.example',
};

describe('project tool sandbox', () => {
  let served: ServedSandbox<ReturnType<typeof createProjectToolSandbox>>;
  const stored = async () => (await call(served.url, 'GET', '/__sandbox/state')).body.projects;

  beforeEach(async () => {
    served = await serveForTest(createProjectToolSandbox());
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { 'x-api-key': 'projects_wrong_key' }],
    ['the key as a bearer token', { authorization: 'Bearer projects_dev_key' }],
  ])('refuses %s with 401', async (_case, headers) => {
    const result = await call(served.url, 'GET', '/v2/projects', { headers });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('creates a project with defaults and finds it by external_id and ID', async () => {
    const created = await call(served.url, 'POST', '/v2/projects', { headers: auth, json: project });
    expect(created.status).toBe(201);
    expect(created.body.project).toMatchObject({ ...project, status: 'kickoff' });
    expect(created.body.project.id).toMatch(/^prj_[0-9a-z]{16}$/);
    expect(Date.parse(created.body.project.created_at)).not.toBeNaN();

    const found = await call(served.url, 'GET', '/v2/projects?external_id=deal_seed01', { headers: auth });
    expect(found.body).toEqual({ projects: [created.body.project] });
    expect((await call(served.url, 'GET', '/v2/projects?external_id=other', { headers: auth })).body).toEqual(
      { projects: [] },
    );
    const read = await call(served.url, 'GET', `/v2/projects/${created.body.project.id}`, { headers: auth });
    expect(read.body).toEqual({ project: created.body.project });
    const missing = await call(served.url, 'GET', '/v2/projects/prj_missing', { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const headers = { ...auth, 'idempotency-key': 'sync-deal_seed01-project' };
    const first = await call(served.url, 'POST', '/v2/projects', { headers, json: project });
    const second = await call(served.url, 'POST', '/v2/projects', { headers, json: { ...project } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.project).toEqual(first.body.project);
    expect(await stored()).toHaveLength(1);

    const reused = await call(served.url, 'POST', '/v2/projects', {
      headers,
      json: { ...project, name: 'Something else' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await stored()).toHaveLength(1);

    // Without a key, the project tool happily creates a duplicate: deduplication is the client's job.
    await call(served.url, 'POST', '/v2/projects', { headers: auth, json: project });
    expect(await stored()).toHaveLength(2);
  });

  it.each([
    ['client', { client: 'c'.repeat(61) }, 'must be at most 60 characters'],
    ['name', { name: 'n'.repeat(121) }, 'must be at most 120 characters'],
    ['name', { name: undefined }, 'is required'],
    ['external_id', { external_id: undefined }, 'is required'],
    ['budget_cents', { budget_cents: '1250000' }, 'must be an integer number of cents'],
    ['budget_cents', { budget_cents: 12.5 }, 'must be an integer number of cents'],
    ['budget_cents', { budget_cents: -1 }, 'must be at least 0'],
    ['currency', { currency: 'usd' }, 'must be an upper-case ISO 4217 currency code, e.g. EUR'],
    ['kickoff_date', { kickoff_date: '2025-02-30' }, 'is not a real date'],
    ['owner_email', { owner_email: 'sam at example' }, 'must be an email address'],
    ['status', { status: 'started' }, 'must be one of kickoff, active, on_hold, completed, archived'],
    ['colour', { colour: 'red' }, 'unknown field'],
  ])('refuses an invalid %s (%j) with 422 and stores nothing', async (field, change, message) => {
    const result = await call(served.url, 'POST', '/v2/projects', {
      headers: auth,
      json: { ...project, ...change },
    });
    expect(result.status).toBe(422);
    expect(result.body.error).toMatchObject({ code: 'validation_failed', fields: [{ field, message }] });
    expect(await stored()).toEqual([]);
  });

  it('accepts values exactly at the caps, counting characters not bytes', async () => {
    const name = 'ü'.repeat(119) + '😀';
    const result = await call(served.url, 'POST', '/v2/projects', {
      headers: auth,
      json: { ...project, name, client: 'c'.repeat(60) },
    });
    expect(result.status).toBe(201);
    expect(result.body.project.name).toBe(name);
  });

  it('drop_write answers a plausible project but stores nothing', async () => {
    await addFault(served.url, { kind: 'drop_write', count: 1, route: 'POST /v2/projects' });
    const headers = { ...auth, 'idempotency-key': 'k-drop' };
    const created = await call(served.url, 'POST', '/v2/projects', { headers, json: project });
    expect(created.status).toBe(201);
    expect(created.body.project).toMatchObject({ ...project, id: expect.stringMatching(/^prj_/) });
    expect(await stored()).toEqual([]);
    const lookup = await call(served.url, 'GET', `/v2/projects/${created.body.project.id}`, {
      headers: auth,
    });
    expect(lookup.status).toBe(404);
    // The key was not remembered either: a retry really creates the project.
    expect((await call(served.url, 'POST', '/v2/projects', { headers, json: project })).status).toBe(201);
    expect(await stored()).toHaveLength(1);
  });

  it('alter_write stores one changed character but answers the intended project', async () => {
    await addFault(served.url, { kind: 'alter_write', count: 1 });
    const created = await call(served.url, 'POST', '/v2/projects', { headers: auth, json: project });
    expect(created.status).toBe(201);
    expect(created.body.project.name).toBe(project.name);
    const read = await call(served.url, 'GET', `/v2/projects/${created.body.project.id}`, { headers: auth });
    expect(read.body.project.name).not.toBe(project.name);
    expect(read.body.project.name).toHaveLength(project.name.length);
    expect({ ...read.body.project, name: project.name }).toEqual(created.body.project);
  });

  it('write faults ignore requests outside their route', async () => {
    await addFault(served.url, { kind: 'drop_write', rate: 1, route: 'POST /v2/other' });
    await call(served.url, 'POST', '/v2/projects', { headers: auth, json: project });
    expect(await stored()).toHaveLength(1);
  });
});
