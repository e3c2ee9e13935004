import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectToolSandbox } from '../../sandbox/project-tool/create-project-tool-sandbox';
import { addFault, call, serveForTest, type ServedSandbox } from './http-test-client';

const auth = { 'x-api-key': 'projects_dev_key' };

describe('project tool tasks', () => {
  let served: ServedSandbox<ReturnType<typeof createProjectToolSandbox>>;
  let projectId: string;
  let task: Record<string, unknown>;
  const stored = async () => (await call(served.url, 'GET', '/__sandbox/state')).body.tasks;

  beforeEach(async () => {
    served = await serveForTest(createProjectToolSandbox());
    const project = await call(served.url, 'POST', '/v2/projects', {
      headers: auth,
      json: { name: 'Acme onboarding', client: 'Acme Robotics, Inc.', external_id: 'deal_seed01' },
    });
    projectId = project.body.project.id;
    task = {
      project_id: projectId,
      title: 'Roboterarm kalibriert nicht – Kunde wartet 🚨',
      description: 'Escalated from the helpdesk.',
      priority: 'urgent',
      external_id: 'tkt_seed01',
    };
  });
  afterEach(async () => {
    await served.close();
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { 'x-api-key': 'projects_wrong_key' }],
  ])('refuses %s with 401', async (_case, headers) => {
    for (const [method, path] of [
      ['GET', '/v2/tasks'],
      ['POST', '/v2/tasks'],
      ['GET', '/v2/tasks/tsk_x'],
    ] as const) {
      const result = await call(served.url, method, path, {
        headers,
        ...(method === 'POST' && { json: task }),
      });
      expect(result.status).toBe(401);
      expect(result.body.error.code).toBe('unauthorized');
    }
    expect(await stored()).toEqual([]);
  });

  it('creates a task and reads it back by external_id, project and ID', async () => {
    const created = await call(served.url, 'POST', '/v2/tasks', { headers: auth, json: task });
    expect(created.status).toBe(201);
    expect(created.body.task).toMatchObject({ ...task, status: 'open' });
    expect(created.body.task.id).toMatch(/^tsk_[0-9a-z]{16}$/);

    const byExternalId = await call(served.url, 'GET', '/v2/tasks?external_id=tkt_seed01', { headers: auth });
    expect(byExternalId.body).toEqual({ tasks: [created.body.task] });
    const byProject = await call(served.url, 'GET', `/v2/tasks?project_id=${projectId}`, { headers: auth });
    expect(byProject.body.tasks).toHaveLength(1);
    expect(
      (await call(served.url, 'GET', '/v2/tasks?external_id=tkt_other', { headers: auth })).body,
    ).toEqual({ tasks: [] });
    const read = await call(served.url, 'GET', `/v2/tasks/${created.body.task.id}`, { headers: auth });
    expect(read.body).toEqual({ task: created.body.task });
    const missing = await call(served.url, 'GET', '/v2/tasks/tsk_missing', { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(await stored()).toEqual([created.body.task]);
  });

  it('replays a create with the same Idempotency-Key, refuses the key with another body', async () => {
    const headers = { ...auth, 'idempotency-key': 'escalation-tkt_seed01-task' };
    const first = await call(served.url, 'POST', '/v2/tasks', { headers, json: task });
    const second = await call(served.url, 'POST', '/v2/tasks', { headers, json: { ...task } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.task).toEqual(first.body.task);
    const reused = await call(served.url, 'POST', '/v2/tasks', {
      headers,
      json: { ...task, title: 'Something else' },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await stored()).toHaveLength(1);
  });

  it('keeps task keys apart from project keys', async () => {
    const headers = { ...auth, 'idempotency-key': 'shared-key' };
    const project = await call(served.url, 'POST', '/v2/projects', {
      headers,
      json: { name: 'Other', client: 'Other', external_id: 'deal_seed02' },
    });
    expect(project.status).toBe(201);
    const created = await call(served.url, 'POST', '/v2/tasks', { headers, json: task });
    expect(created.status).toBe(201);
    expect(await stored()).toHaveLength(1);
  });

  it.each([
    ['project_id', { project_id: undefined }, 'is required'],
    ['title', { title: 't'.repeat(201) }, 'must be at most 200 characters'],
    ['title', { title: '   ' }, 'must not be blank'],
    ['priority', { priority: undefined }, 'is required'],
    ['priority', { priority: 'critical' }, 'must be one of low, normal, high, urgent'],
    ['description', { description: 42 }, 'must be a string'],
    ['external_id', { external_id: undefined }, 'is required'],
    ['assignee', { assignee: 'sam' }, 'unknown field'],
  ])('refuses an invalid %s (%j) with 422 naming it', async (field, change, message) => {
    const result = await call(served.url, 'POST', '/v2/tasks', {
      headers: auth,
      json: { ...task, ...change },
    });
    expect(result.status).toBe(422);
    expect(result.body.error).toMatchObject({ code: 'validation_failed', fields: [{ field, message }] });
    expect(await stored()).toEqual([]);
  });

  it('refuses an unknown project_id with 422 naming it', async () => {
    const result = await call(served.url, 'POST', '/v2/tasks', {
      headers: auth,
      json: { ...task, project_id: 'prj_nope' },
    });
    expect(result.status).toBe(422);
    expect(result.body.error.fields).toEqual([{ field: 'project_id', message: 'no project prj_nope' }]);
    expect(await stored()).toEqual([]);
  });

  it('updates a task partially and never its external_id', async () => {
    const created = await call(served.url, 'POST', '/v2/tasks', { headers: auth, json: task });
    const id = created.body.task.id;
    const patched = await call(served.url, 'PATCH', `/v2/tasks/${id}`, {
      headers: auth,
      json: { status: 'in_progress', priority: 'high' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.task).toMatchObject({ status: 'in_progress', priority: 'high', title: task.title });
    const link = await call(served.url, 'PATCH', `/v2/tasks/${id}`, {
      headers: auth,
      json: { external_id: 'tkt_other' },
    });
    expect(link.status).toBe(422);
    expect(link.body.error.fields).toEqual([{ field: 'external_id', message: 'unknown field' }]);
    const move = await call(served.url, 'PATCH', `/v2/tasks/${id}`, {
      headers: auth,
      json: { project_id: 'prj_nope' },
    });
    expect(move.body.error.fields).toEqual([{ field: 'project_id', message: 'no project prj_nope' }]);
    expect((await stored())[0]).toMatchObject({ external_id: 'tkt_seed01', project_id: projectId });
  });

  it('error_body_200 answers 200 with a null task and an error', async () => {
    await addFault(served.url, { kind: 'error_body_200', count: 1, route: 'POST /v2/tasks' });
    const result = await call(served.url, 'POST', '/v2/tasks', { headers: auth, json: task });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      task: null,
      error: { code: 'internal_error', message: 'The task could not be processed' },
    });
    expect(await stored()).toEqual([]);
  });

  it('drop_write answers a plausible task but stores nothing, not even the key', async () => {
    await addFault(served.url, { kind: 'drop_write', count: 1, route: 'POST /v2/tasks' });
    const headers = { ...auth, 'idempotency-key': 'k-drop' };
    const created = await call(served.url, 'POST', '/v2/tasks', { headers, json: task });
    expect(created.status).toBe(201);
    expect(created.body.task).toMatchObject(task);
    expect(await stored()).toEqual([]);
    expect((await call(served.url, 'POST', '/v2/tasks', { headers, json: task })).status).toBe(201);
    expect(await stored()).toHaveLength(1);
  });

  it('alter_write stores one changed character of the title but answers the intended task', async () => {
    await addFault(served.url, { kind: 'alter_write', count: 1, route: 'POST /v2/tasks' });
    const created = await call(served.url, 'POST', '/v2/tasks', { headers: auth, json: task });
    const read = await call(served.url, 'GET', `/v2/tasks/${created.body.task.id}`, { headers: auth });
    expect(created.body.task.title).toBe(task.title);
    expect(read.body.task.title).not.toBe(task.title);
    expect({ ...read.body.task, title: task.title }).toEqual(created.body.task);
  });

  it.each([
    ['http_500', 500, 'internal_error'],
    ['http_429', 429, 'rate_limited'],
    ['expired_credentials', 401, 'api_key_expired'],
    ['revoked_credentials', 403, 'api_key_revoked'],
  ])('%s answers the project tool error on task routes', async (kind, status, code) => {
    await addFault(served.url, { kind, count: 1, route: '/v2/tasks' });
    const result = await call(served.url, 'GET', '/v2/tasks', { headers: auth });
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
    expect((await call(served.url, 'GET', '/v2/tasks', { headers: auth })).status).toBe(200);
  });
});
