import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { freePort } from '../support/free-port';
import { runLoudwireCli } from '../support/run-cli';
import { injectFault, recordsWithExternalId } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';
import { loadEnvironment } from '../../src/config/environment';
import { loudwireDataConverter } from '../../src/encryption/loudwire-data-converter';

// `npm run dev` as an engineer uses it: the stack comes up with readable logs; a record is put in flight (billing
// answers slowly), a mapping file is saved, and the stack restarts the API and worker, regenerates the mapping
// docs, and the record still completes — once. Its history, downloaded as the Web UI downloads it, replays cleanly.

const projectRoot = resolve(import.meta.dirname, '../..');
const touchedFile = join(projectRoot, 'src/integrations/client-onboarding/mapping.ts');
let stack: ChildProcess;
let output = '';
let dataDir: string;
const ports: Record<string, number> = {};
let temporal: Client;
let temporalConnection: Connection;

const url = (name: string) => `http://127.0.0.1:${ports[name]}`;
const crmHeaders = { authorization: `Bearer ${developmentDefaults.CRM_API_KEY}` };
const waitForOutput = (text: string | RegExp, timeoutMs = 60_000) =>
  waitFor(
    `the dev stack to print ${String(text)}`,
    async () => ((typeof text === 'string' ? output.includes(text) : text.test(output)) ? true : undefined),
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- stack output ---\n${output}`);
  });

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
  ])
    ports[name] = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'loudwire-dev-loop-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
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
  delete env.LOG_FORMAT;
  stack = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'scripts/start-dev-stack.ts'), '--dev'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  stack.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  stack.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput('Loudwire is up', 110_000);
  temporalConnection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  // The stack's development payload keys: the record state it queries is encrypted.
  temporal = new Client({
    connection: temporalConnection,
    dataConverter: loudwireDataConverter(loadEnvironment({}).PAYLOAD_ENCRYPTION_KEYS),
  });
}, 120_000);

afterAll(async () => {
  await temporalConnection?.close();
  if (stack && stack.exitCode === null) stack.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('logs one readable line per event, not JSON', () => {
    expect(output).toContain('Watching src/');
    expect(output).toMatch(/\[api\] \[\d\d:\d\d:\d\d\.\d{3}\] INFO: api API listening/);
    expect(output).toMatch(/\[worker\] \[\d\d:\d\d:\d\d\.\d{3}\] INFO: worker worker started/);
    expect(output).not.toMatch(/\[(api|worker)\] \{"level"/);
  });

  it('restarts the worker on a source change while a record is in flight, and the record completes once', async () => {
    const listed = (await (
      await fetch(`${url('crm')}/api/deals?stage=open`, { headers: crmHeaders })
    ).json()) as { deals: { id: string }[] } | { id: string }[];
    const deal = (Array.isArray(listed) ? listed : listed.deals)[0]!;
    // Billing holds the customer write for 15 s: the record is mid-write when the worker is replaced.
    await injectFault(url('billing'), {
      kind: 'slow',
      delayMs: 15_000,
      count: 1,
      route: 'POST /v1/customers',
    });
    const won = await fetch(`${url('crm')}/api/deals/${deal.id}/win`, {
      method: 'POST',
      headers: crmHeaders,
    });
    expect(won.status).toBe(200);
    await waitFor('the project write (billing is still pending)', async () =>
      (await recordsWithExternalId(url('projects'), 'projects', deal.id)).length === 1 ? true : undefined,
    );
    expect(await recordsWithExternalId(url('billing'), 'customers', deal.id)).toEqual([]);

    const beforeChange = output.length;
    const now = new Date();
    utimesSync(touchedFile, now, now); // an editor's save, without changing the code
    await waitForOutput(
      '[dev] src/integrations/client-onboarding/mapping.ts changed: restarting api and worker',
    );
    await waitForOutput('[dev] mapping docs regenerated: docs/mappings/client-onboarding.md');
    await waitForOutput(/\[dev\] restarted api and worker in \d+\.\d s/, 90_000);
    expect(output.slice(beforeChange).match(/INFO: worker worker started/g)).toHaveLength(1);

    const workflowId = `client-onboarding:crm:${deal.id}`;
    await waitFor(
      'the record to sync after the restart',
      async () => {
        const state = await temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
        return state.status === SyncStatus.synced ? state : undefined;
      },
      60_000,
    );
    expect(await recordsWithExternalId(url('projects'), 'projects', deal.id)).toHaveLength(1);
    expect(await recordsWithExternalId(url('billing'), 'customers', deal.id)).toHaveLength(1);
    // Vendor exchanges are summarized on one line each.
    expect(output).toMatch(/POST \/v1\/customers → 201 \(\d+ ms\)/);

    // The Web UI's Download (Encoded): the history API it calls, wrapped as it wraps it.
    const response = await fetch(
      `${url('ui')}/api/v1/namespaces/default/workflows/${encodeURIComponent(workflowId)}/history`,
    );
    expect(response.status).toBe(200);
    const { history } = (await response.json()) as { history: { events: unknown[] } };
    const downloaded = join(dataDir, 'events.json');
    writeFileSync(downloaded, JSON.stringify({ events: history.events }, null, 2));
    const replay = await runLoudwireCli(['replay', downloaded]);
    expect(replay.stdout).toContain(`${workflowId} (recordSyncWorkflow`);
    expect(replay.stdout).toContain('replays cleanly');
    expect(replay.code).toBe(0);
  }, 180_000);

  it('stops every process cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolveExit) =>
      stack.once('exit', (code) => resolveExit(code)),
    );
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  }, 30_000);
});
