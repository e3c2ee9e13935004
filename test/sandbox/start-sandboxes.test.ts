import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxDevDefaults } from '../../sandbox/kit/dev-defaults';
import { readSandboxEnv, SandboxEnvError } from '../../sandbox/kit/sandbox-env';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import { call } from './http-test-client';

describe('startSandboxes', () => {
  let running: RunningSandboxes | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await running?.close();
    running = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('serves all three vendors on ephemeral ports with the dev credentials', async () => {
    running = await startSandboxes({ ports: { crm: 0, projectTool: 0, billing: 0 }, env: {} });
    for (const url of [running.crm.url, running.projectTool.url, running.billing.url]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(
      (await call(running.crm.url, 'GET', '/api/deals', { headers: { authorization: 'Bearer crm_dev_key' } }))
        .status,
    ).toBe(200);
    expect(
      (
        await call(running.projectTool.url, 'GET', '/v2/projects', {
          headers: { 'x-api-key': 'projects_dev_key' },
        })
      ).status,
    ).toBe(200);
    const token = await call(running.billing.url, 'POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: 'loudwire-dev',
        client_secret: 'billing_dev_secret',
      },
    });
    expect(token.body.expires_in).toBe(3600);
  });

  it('reads credentials from env and options from arguments', async () => {
    running = await startSandboxes({
      ports: { crm: 0, projectTool: 0, billing: 0 },
      env: {
        CRM_API_KEY: 'crm_custom',
        PROJECTS_API_KEY: 'projects_custom',
        BILLING_TOKEN_TTL_SECONDS: '60',
      },
      billingTokenTtlSeconds: 5,
    });
    expect(
      (await call(running.crm.url, 'GET', '/api/deals', { headers: { authorization: 'Bearer crm_dev_key' } }))
        .status,
    ).toBe(401);
    expect(
      (await call(running.crm.url, 'GET', '/api/deals', { headers: { authorization: 'Bearer crm_custom' } }))
        .status,
    ).toBe(200);
    expect(
      (
        await call(running.projectTool.url, 'GET', '/v2/projects', {
          headers: { 'x-api-key': 'projects_custom' },
        })
      ).status,
    ).toBe(200);
    const token = await call(running.billing.url, 'POST', '/oauth/token', {
      json: {
        grant_type: 'client_credentials',
        client_id: 'loudwire-dev',
        client_secret: 'billing_dev_secret',
      },
    });
    expect(token.body.expires_in).toBe(5);
  });

  it('keeps records in SQLite files across restarts when given a data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loudwire-sandbox-'));
    dirs.push(dataDir);
    const options = {
      dataDir,
      ports: { crm: 0, projectTool: 0, billing: 0 },
      crmWebhookUrl: 'http://127.0.0.1:9/unreachable',
      env: {},
    };
    running = await startSandboxes(options);
    await call(running.projectTool.url, 'POST', '/v2/projects', {
      headers: { 'x-api-key': 'projects_dev_key' },
      json: { name: 'Persisted', client: 'Acme', external_id: 'deal_seed01' },
    });
    await call(running.crm.url, 'POST', '/api/deals/deal_seed01/win', {
      headers: { authorization: 'Bearer crm_dev_key' },
    });
    await running.close();

    running = await startSandboxes(options);
    expect((await call(running.projectTool.url, 'GET', '/__sandbox/state')).body.projects).toMatchObject([
      { name: 'Persisted' },
    ]);
    const deals = (await call(running.crm.url, 'GET', '/__sandbox/state')).body.deals;
    expect(deals[0]).toMatchObject({ id: 'deal_seed01', stage: 'won' });
    expect(deals).toHaveLength(15);
  });

  it('closes its ports', async () => {
    running = await startSandboxes({ ports: { crm: 0, projectTool: 0, billing: 0 }, env: {} });
    const { url } = running.projectTool;
    await running.close();
    running = undefined;
    await expect(fetch(`${url}/__sandbox/state`)).rejects.toThrow();
  });
});

describe('sandbox environment', () => {
  it('falls back to the dev defaults', () => {
    const env = readSandboxEnv({});
    expect(env.crm).toEqual({
      apiKey: sandboxDevDefaults.CRM_API_KEY,
      webhookSecret: sandboxDevDefaults.CRM_WEBHOOK_SECRET,
      webhookUrl: 'http://127.0.0.1:3000/webhooks/crm',
      webhookRetryScheduleSeconds: [2, 10, 60],
      port: 4001,
    });
    expect(env.projectTool.port).toBe(4002);
    expect(env.billing).toMatchObject({ clientId: 'loudwire-dev', tokenTtlSeconds: 3600, port: 4003 });
  });

  it.each([
    ['CRM_WEBHOOK_SECRET', 'not-a-secret'],
    ['CRM_WEBHOOK_RETRY_SCHEDULE', '2,soon'],
    ['CRM_PORT', '70000'],
    ['BILLING_TOKEN_TTL_SECONDS', '0'],
    ['CRM_WEBHOOK_URL', 'localhost:3000'],
  ])('names a bad %s', (variable, value) => {
    expect(() => readSandboxEnv({ [variable]: value })).toThrow(SandboxEnvError);
    expect(() => readSandboxEnv({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });
});
