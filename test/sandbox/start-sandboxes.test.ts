import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxDevDefaults } from '../../sandbox/kit/dev-defaults';
import { readSandboxEnv, SandboxEnvError } from '../../sandbox/kit/sandbox-env';
import { startSandboxes, type RunningSandboxes } from '../../sandbox/start-sandboxes';
import { call } from './http-test-client';
import { startWebhookReceiver } from './webhook-receiver';

const helpdeskAuth = { authorization: 'Token helpdesk_dev_key' };
const accountingAuth = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
});

describe('startSandboxes', () => {
  let running: RunningSandboxes | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await running?.close();
    running = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('serves all five vendors on ephemeral ports with the dev credentials', async () => {
    running = await startSandboxes({
      ports: { crm: 0, projectTool: 0, billing: 0, helpdesk: 0, accounting: 0 },
      env: {},
    });
    for (const { url } of [
      running.crm,
      running.projectTool,
      running.billing,
      running.helpdesk,
      running.accounting,
    ]) {
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
    expect((await call(running.helpdesk.url, 'GET', '/api/tickets', { headers: helpdeskAuth })).status).toBe(
      200,
    );
    expect(
      (
        await call(running.accounting.url, 'GET', '/api.accounting/v1/Contacts', {
          headers: accountingAuth('loudwire-dev', 'accounting_dev_secret'),
        })
      ).status,
    ).toBe(200);
  });

  it('gives every vendor left out of `ports` a free port, never its fixed one', async () => {
    running = await startSandboxes({ ports: { crm: 0, projectTool: 0, billing: 0 }, env: {} });
    const urls = [
      running.crm,
      running.projectTool,
      running.billing,
      running.helpdesk,
      running.accounting,
    ].map(({ url }) => url);
    expect(new Set(urls).size).toBe(5);
    expect(running.helpdesk.url).not.toMatch(/:4004$/);
    expect(running.accounting.url).not.toMatch(/:4005$/);
  });

  it('sends helpdesk webhooks to helpdeskWebhookUrl, signed with HELPDESK_WEBHOOK_SECRET', async () => {
    const receiver = await startWebhookReceiver('/webhooks/helpdesk');
    try {
      running = await startSandboxes({
        ports: {},
        env: {
          HELPDESK_API_KEY: 'helpdesk_custom',
          HELPDESK_WEBHOOK_SECRET: 'custom_helpdesk_secret_1234',
          HELPDESK_WEBHOOK_URL: 'http://127.0.0.1:9/not-this-one',
          ACCOUNTING_CLIENT_ID: 'acct-custom',
          ACCOUNTING_CLIENT_SECRET: 'acct_secret_custom',
        },
        helpdeskWebhookUrl: receiver.url,
      });
      expect(
        (await call(running.helpdesk.url, 'GET', '/api/tickets', { headers: helpdeskAuth })).status,
      ).toBe(401);
      const escalated = await call(running.helpdesk.url, 'POST', '/api/tickets/tkt_seed01/escalate', {
        headers: { authorization: 'Token helpdesk_custom' },
      });
      expect(escalated.status).toBe(200);
      await waitForReceived(receiver.received, 1);
      const [request] = receiver.received;
      const expected = createHmac('sha256', 'custom_helpdesk_secret_1234')
        .update(`${request?.headers['x-helpdesk-timestamp']}.${request?.body}`)
        .digest('hex');
      expect(request?.headers['x-helpdesk-signature']).toBe(`sha256=${expected}`);
      const contacts = '/api.accounting/v1/Contacts';
      expect(
        (
          await call(running.accounting.url, 'GET', contacts, {
            headers: accountingAuth('loudwire-dev', 'accounting_dev_secret'),
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await call(running.accounting.url, 'GET', contacts, {
            headers: accountingAuth('acct-custom', 'acct_secret_custom'),
          })
        ).status,
      ).toBe(200);
    } finally {
      await running?.close();
      running = undefined;
      await receiver.close();
    }
  });

  it('reads credentials from env and options from arguments', async () => {
    running = await startSandboxes({
      ports: { crm: 0, projectTool: 0, billing: 0 },
      env: {
        CRM_API_KEY: 'crm_custom',
        PROJECT_TOOL_API_KEY: 'projects_custom',
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
      ports: { crm: 0, projectTool: 0, billing: 0, helpdesk: 0, accounting: 0 },
      crmWebhookUrl: 'http://127.0.0.1:9/unreachable',
      helpdeskWebhookUrl: 'http://127.0.0.1:9/unreachable',
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
    await call(running.helpdesk.url, 'POST', '/api/tickets/tkt_seed02/escalate', { headers: helpdeskAuth });
    await call(running.accounting.url, 'POST', '/api.accounting/v1/Contacts', {
      headers: accountingAuth('loudwire-dev', 'accounting_dev_secret'),
      json: { Name: 'Persisted', CountryCode: 'DE', Currency: 'EUR', ExternalRef: 'deal_seed06' },
    });
    await running.close();

    running = await startSandboxes(options);
    expect((await call(running.projectTool.url, 'GET', '/__sandbox/state')).body.projects).toMatchObject([
      { name: 'Persisted' },
    ]);
    const deals = (await call(running.crm.url, 'GET', '/__sandbox/state')).body.deals;
    expect(deals[0]).toMatchObject({ id: 'deal_seed01', stage: 'won' });
    expect(deals).toHaveLength(15);
    const helpdesk = (await call(running.helpdesk.url, 'GET', '/__sandbox/state')).body;
    expect(helpdesk.tickets).toHaveLength(8);
    expect(helpdesk.tickets[1]).toMatchObject({ id: 'tkt_seed02', status: 'escalated', revision: 2 });
    expect(helpdesk.deliveries).toHaveLength(1);
    expect((await call(running.accounting.url, 'GET', '/__sandbox/state')).body.contacts).toMatchObject([
      { Name: 'Persisted', ExternalRef: 'deal_seed06' },
    ]);
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
    expect(env.helpdesk).toEqual({
      apiKey: 'helpdesk_dev_key',
      webhookSecret: sandboxDevDefaults.HELPDESK_WEBHOOK_SECRET,
      webhookUrl: 'http://127.0.0.1:3000/webhooks/helpdesk',
      webhookRetryScheduleSeconds: [2, 10, 60],
      port: 4004,
    });
    expect(env.accounting).toEqual({
      clientId: 'loudwire-dev',
      clientSecret: 'accounting_dev_secret',
      port: 4005,
    });
    expect(
      readSandboxEnv({ HELPDESK_WEBHOOK_RETRY_SCHEDULE: 'none' }).helpdesk.webhookRetryScheduleSeconds,
    ).toEqual([]);
  });

  it.each([
    ['CRM_WEBHOOK_SECRET', 'not-a-secret'],
    ['CRM_WEBHOOK_RETRY_SCHEDULE', '2,soon'],
    ['CRM_PORT', '70000'],
    ['BILLING_TOKEN_TTL_SECONDS', '0'],
    ['CRM_WEBHOOK_URL', 'localhost:3000'],
    ['HELPDESK_WEBHOOK_SECRET', 'too-short'],
    ['HELPDESK_WEBHOOK_RETRY_SCHEDULE', '1,,2'],
    ['HELPDESK_WEBHOOK_URL', 'ftp://127.0.0.1/hooks'],
    ['HELPDESK_PORT', '-1'],
    ['ACCOUNTING_PORT', '4005x'],
    ['ACCOUNTING_CLIENT_ID', 'with:colon'],
  ])('names a bad %s', (variable, value) => {
    expect(() => readSandboxEnv({ [variable]: value })).toThrow(SandboxEnvError);
    expect(() => readSandboxEnv({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });
});

async function waitForReceived(received: unknown[], count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (received.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} webhook(s), got ${received.length}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
