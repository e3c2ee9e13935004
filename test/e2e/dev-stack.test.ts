import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import { loadEnvironment } from '../../src/config/environment';
import {
  connectTemporalClient,
  type ConnectedTemporalClient,
} from '../../src/temporal/connect-temporal-client';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { freePort } from '../support/free-port';
import { recordsWithExternalId } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';

// Boots exactly what `npm start` boots — its own Temporal dev server with a SQLite file, the three sandbox
// vendors, the API and a worker, each in its own process — on free ports, and drives it over HTTP like a user.

const projectRoot = resolve(import.meta.dirname, '../..');
let stack: ChildProcess;
let output = '';
let dataDir: string;
const ports: Record<string, number> = {};
/** The deal the first test wins; the escalation test escalates a ticket of its company. */
let wonDealId = '';
let temporal: Client;
let temporalConnection: ConnectedTemporalClient;

const crmUrl = () => `http://127.0.0.1:${ports.crm}`;
const crmHeaders = {
  authorization: `Bearer ${developmentDefaults.CRM_API_KEY}`,
  'content-type': 'application/json',
};

beforeAll(async () => {
  for (const name of [
    'api',
    'temporal',
    'ui',
    'crm',
    'projects',
    'billing',
    'helpdesk',
    'accounting',
    'workerMetrics',
  ]) {
    ports[name] = await freePort();
  }
  dataDir = mkdtempSync(join(tmpdir(), 'loudwire-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    LOUDWIRE_DATA_DIR: dataDir,
    PORT: String(ports.api),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    CRM_PORT: String(ports.crm),
    PROJECT_TOOL_PORT: String(ports.projects),
    BILLING_PORT: String(ports.billing),
    HELPDESK_PORT: String(ports.helpdesk),
    ACCOUNTING_PORT: String(ports.accounting),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
  };
  delete env.TEMPORAL_ADDRESS;
  stack = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts/start-dev-stack.ts')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stack.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  stack.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    'the stack to print "Loudwire is up"',
    async () => (output.includes('Loudwire is up') ? true : undefined),
    110_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- stack output ---\n${output}`);
  });
  temporalConnection = await connectTemporalClient(
    loadEnvironment({ NODE_ENV: 'test', TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}` }),
  );
  temporal = temporalConnection.client;
}, 120_000);

afterAll(async () => {
  await temporalConnection?.close();
  if (stack && stack.exitCode === null) stack.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start, end to end', () => {
  it('prints the URL of every piece', () => {
    for (const port of Object.values(ports)) expect(output).toContain(`:${port}`);
    expect(output).toMatch(/Temporal Web UI\s+http:\/\/127\.0\.0\.1:/);
  });

  it('turns a won deal into one project and one customer, and redeliveries change nothing', async () => {
    const listed = (await (
      await fetch(`${crmUrl()}/api/deals?stage=open`, { headers: crmHeaders })
    ).json()) as unknown;
    const openDeals = (Array.isArray(listed) ? listed : (listed as { deals: unknown[] }).deals) as {
      id: string;
    }[];
    const deal = openDeals[0]!;
    expect(deal.id).toMatch(/^deal_/);

    const won = await fetch(`${crmUrl()}/api/deals/${deal.id}/win`, { method: 'POST', headers: crmHeaders });
    expect(won.status).toBe(200);
    const wonAt = Date.now();

    const projectsUrl = `http://127.0.0.1:${ports.projects}`;
    const billingUrl = `http://127.0.0.1:${ports.billing}`;
    await waitFor(
      'a project and a customer for the won deal',
      async () => {
        const [projects, customers] = await Promise.all([
          recordsWithExternalId(projectsUrl, 'projects', deal.id),
          recordsWithExternalId(billingUrl, 'customers', deal.id),
        ]);
        return projects.length === 1 && customers.length === 1 ? true : undefined;
      },
      10_000,
    );
    const landedInMs = Date.now() - wonAt;
    expect(landedInMs).toBeLessThan(10_000);

    // Redeliver the CRM's webhook five times — three at once — with the vendor's own redeliver button.
    const deliveries = (await (
      await fetch(`${crmUrl()}/api/webhooks/deliveries`, { headers: crmHeaders })
    ).json()) as
      | { deliveries: { id: string; payload: { data: { deal: { id: string } } } }[] }
      | { id: string; payload: { data: { deal: { id: string } } } }[];
    const list = Array.isArray(deliveries) ? deliveries : deliveries.deliveries;
    const delivery = list.find((entry) => entry.payload.data.deal.id === deal.id)!;
    const redeliver = () =>
      fetch(`${crmUrl()}/api/webhooks/deliveries/${delivery.id}/redeliver`, {
        method: 'POST',
        headers: crmHeaders,
      });
    const statuses = (await Promise.all([redeliver(), redeliver(), redeliver()])).map(
      (response) => response.status,
    );
    statuses.push((await redeliver()).status, (await redeliver()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const workflowId = `client-onboarding:crm:${deal.id}`;
    const state = await waitFor('five redeliveries recognised as duplicates', async () => {
      const current = await temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return current.counts.duplicates >= 5 ? current : undefined;
    });
    expect(state.counts.processed).toBe(1);
    expect(await recordsWithExternalId(projectsUrl, 'projects', deal.id)).toHaveLength(1);
    expect(await recordsWithExternalId(billingUrl, 'customers', deal.id)).toHaveLength(1);

    // An operator finds the record's history in the Web UI by its search attributes.
    const query = `LoudwireIntegration = "client-onboarding" AND LoudwireRecordKey = "${deal.id}"`;
    const found = await waitFor('the workflow in visibility', async () => {
      const ids: string[] = [];
      for await (const execution of temporal.workflow.list({ query })) ids.push(execution.workflowId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(found).toEqual([workflowId]);
    wonDealId = deal.id;
  });

  it('turns an escalated seeded ticket into one task and one CRM note, and redeliveries change nothing', async () => {
    const helpdeskUrl = `http://127.0.0.1:${ports.helpdesk}`;
    const helpdeskHeaders = { authorization: `Token ${developmentDefaults.HELPDESK_API_KEY}` };
    const deal = (await (
      await fetch(`${crmUrl()}/api/deals/${wonDealId}`, { headers: crmHeaders })
    ).json()) as { companyId: string };
    const { tickets } = (await (
      await fetch(`${helpdeskUrl}/api/tickets`, { headers: helpdeskHeaders })
    ).json()) as { tickets: { id: string; crmCompanyId: string }[] };
    // A seeded ticket of the client whose deal was just won (so client-onboarding made its project).
    const ticket = tickets.find((candidate) => candidate.crmCompanyId === deal.companyId)!;
    expect(ticket.id).toMatch(/^tkt_seed/);

    const escalated = await fetch(`${helpdeskUrl}/api/tickets/${ticket.id}/escalate`, {
      method: 'POST',
      headers: helpdeskHeaders,
    });
    expect(escalated.status).toBe(200);
    const projectsUrl = `http://127.0.0.1:${ports.projects}`;
    const landed = async () => {
      const [tasks, crmState] = await Promise.all([
        recordsWithExternalId(projectsUrl, 'tasks', ticket.id),
        fetch(`${crmUrl()}/__sandbox/state`).then(
          async (response) =>
            (await response.json()) as { notes: { externalId: string; companyId: string }[] },
        ),
      ]);
      return { tasks, notes: crmState.notes.filter((note) => note.externalId === ticket.id) };
    };
    const first = await waitFor(
      'a task and a CRM note for the escalated ticket',
      async () => {
        const found = await landed();
        return found.tasks.length === 1 && found.notes.length === 1 ? found : undefined;
      },
      10_000,
    );
    const [project] = await recordsWithExternalId(projectsUrl, 'projects', wonDealId);
    expect(first.tasks[0]).toMatchObject({ project_id: project!.id });
    expect(first.notes[0]).toMatchObject({ companyId: deal.companyId });

    // The helpdesk's redeliver button, three times: the same event ID, so nothing more is written.
    const { deliveries } = (await (
      await fetch(`${helpdeskUrl}/api/webhooks/deliveries`, { headers: helpdeskHeaders })
    ).json()) as { deliveries: { id: string; payload: { ticket: { id: string } } }[] };
    const delivery = deliveries.find((entry) => entry.payload.ticket.id === ticket.id)!;
    for (let press = 0; press < 3; press += 1) {
      const redelivered = await fetch(`${helpdeskUrl}/api/webhooks/deliveries/${delivery.id}/redeliver`, {
        method: 'POST',
        headers: helpdeskHeaders,
      });
      expect(redelivered.status).toBe(200);
    }
    const workflowId = `support-escalation:helpdesk:${ticket.id}`;
    const state = await waitFor('three redeliveries recognised as duplicates', async () => {
      const current = await temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return current.counts.duplicates >= 3 ? current : undefined;
    });
    expect(state.counts.processed).toBe(1);
    const after = await landed();
    expect(after.tasks).toHaveLength(1);
    expect(after.notes).toHaveLength(1);
  });

  it('exposes Prometheus /metrics on the API and on the worker (with the Temporal SDK runtime metrics)', async () => {
    const apiMetrics = await (await fetch(`http://127.0.0.1:${ports.api}/metrics`)).text();
    // The won deal and its five redeliveries, and the escalated ticket, all went through this API.
    expect(apiMetrics).toMatch(
      /^loudwire_events_accepted_total\{integration="client-onboarding",source="crm"\} ([6-9]|\d\d+)$/m,
    );
    expect(apiMetrics).toMatch(
      /^loudwire_duplicate_events_total\{integration="client-onboarding",source="crm"\} [1-9]/m,
    );
    expect(apiMetrics).toMatch(/^loudwire_records\{integration="client-onboarding",status="Synced"\} [1-9]/m);

    const workerResponse = await fetch(`http://127.0.0.1:${ports.workerMetrics}/metrics`);
    expect(workerResponse.headers.get('content-type')).toContain('text/plain');
    const workerMetrics = await workerResponse.text();
    expect(workerMetrics).toMatch(
      /^loudwire_target_write_seconds_count\{system="project-tool",resource="projects",outcome="created"\} [1-9]/m,
    );
    // The SDK's own exporter, proxied into the same scrape: task polling and activity execution (a write's first
    // attempt is a local activity: src/workflows/target-write.ts).
    expect(workerMetrics).toMatch(
      /^temporal_local_activity_execution_latency_count\{.*activity_type="deliverToTarget"/m,
    );
    expect(workerMetrics).toMatch(/^temporal_workflow_task_execution_latency_count\{/m);
  });

  it('stops every process cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolveExit) =>
      stack.once('exit', (code) => resolveExit(code)),
    );
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  }, 30_000);
});
