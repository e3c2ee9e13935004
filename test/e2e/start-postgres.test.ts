import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import { isPortOpen } from '../../scripts/dev-stack/temporal-dev-server';
import { freePortBlock } from '../../scripts/postgres-temporal/free-port-block';
import { temporalPorts } from '../../scripts/postgres-temporal/temporal-server-process';
import { freePort } from '../support/free-port';
import { recordsWithExternalId } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';

// `npm run start:postgres` as a user runs it: PostgreSQL, the Temporal server, its Web UI and everything
// `npm start` starts, on free ports in a fresh data folder; a won deal lands; Ctrl-C stops every process; a
// restart finds the record again. Runs in `npm run test:postgres` (CI's PostgreSQL stage), which provisions the
// server binaries first; `npm test` skips it rather than build the server for 5–9 minutes.

const runsOnPostgresStage = Boolean(process.env.LOUDWIRE_TEST_TEMPORAL_ADDRESS);
const projectRoot = resolve(import.meta.dirname, '../..');
const host = '127.0.0.1';
const crmHeaders = { authorization: `Bearer ${developmentDefaults.CRM_API_KEY}` };
let dataDir: string | undefined;
let stack: ChildProcess | undefined;

afterAll(() => {
  if (stack?.exitCode === null) stack.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function choosePorts(): Promise<Record<string, number>> {
  const ports: Record<string, number> = {
    postgres: await freePortBlock(host, 23432),
    // Below 32767 + 294: Temporal keeps membership ports (frontend − 300) in a SMALLINT.
    temporal: await freePortBlock(
      host,
      30233,
      Object.values(temporalPorts(300)).map((port) => port - 300),
    ),
  };
  for (const name of ['ui', 'api', 'crm', 'projects', 'billing', 'helpdesk', 'accounting', 'workerMetrics']) {
    ports[name] = await freePort();
  }
  return ports;
}

/** Starts `npm run start:postgres`'s script and resolves with its output once it says everything is up. */
async function startStack(
  ports: Record<string, number>,
): Promise<{ output: () => string; stopped: Promise<number | null> }> {
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    LOUDWIRE_DATA_DIR: dataDir,
    LOUDWIRE_POSTGRES_PORT: String(ports.postgres),
    LOUDWIRE_TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    PORT: String(ports.api),
    CRM_PORT: String(ports.crm),
    PROJECT_TOOL_PORT: String(ports.projects),
    BILLING_PORT: String(ports.billing),
    HELPDESK_PORT: String(ports.helpdesk),
    ACCOUNTING_PORT: String(ports.accounting),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.LOUDWIRE_TEST_TEMPORAL_ADDRESS;
  stack = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts/start-postgres-stack.ts')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = stack;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stopped = new Promise<number | null>((done) => child.once('exit', done));
  const up = waitFor(
    'start:postgres to print "Everything up"',
    async () => (output.includes('Everything up in') ? true : undefined),
    150_000,
  );
  const exitedEarly = stopped.then((code) => {
    throw new Error(`start:postgres exited with code ${code} before it was up`);
  });
  await Promise.race([up, exitedEarly]).catch((error: Error) => {
    throw new Error(`${error.message}\n--- output ---\n${output}`);
  });
  return { output: () => output, stopped };
}

describe.skipIf(!runsOnPostgresStage)('npm run start:postgres, end to end', () => {
  it('brings everything up with its URLs, syncs a won deal, stops on Ctrl-C and keeps the data', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loudwire-start-postgres-'));
    chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user and must reach its folder inside
    const ports = await choosePorts();
    const first = await startStack(ports);

    for (const name of ['postgres', 'temporal', 'ui', 'api', 'crm', 'projects', 'billing']) {
      expect(first.output()).toContain(`:${ports[name]}`);
    }
    expect(first.output()).toMatch(/Temporal Web UI\s+http:\/\/127\.0\.0\.1:\d+/);
    expect((await fetch(`http://${host}:${ports.ui}/`)).status).toBe(200);

    const dealId = 'deal_seed03';
    const won = await fetch(`http://${host}:${ports.crm}/api/deals/${dealId}/win`, {
      method: 'POST',
      headers: crmHeaders,
    });
    expect(won.status).toBe(200);
    await waitFor(
      'the won deal in the project tool and billing',
      async () => {
        const [projects, customers] = await Promise.all([
          recordsWithExternalId(`http://${host}:${ports.projects}`, 'projects', dealId),
          recordsWithExternalId(`http://${host}:${ports.billing}`, 'customers', dealId),
        ]);
        return projects.length === 1 && customers.length === 1 ? true : undefined;
      },
      30_000,
    );

    stack!.kill('SIGINT');
    expect(await first.stopped).toBe(0);
    expect(first.output()).toContain('Stopping the Temporal server and PostgreSQL…');
    for (const name of ['postgres', 'temporal', 'ui', 'api']) {
      expect(await isPortOpen(host, ports[name]!), `${name} port closed`).toBe(false);
    }

    // A restart finds the same cluster, namespace and record.
    const second = await startStack(ports);
    expect(second.output()).toContain('namespace: default exists');
    const workflows = await fetch(
      `http://${host}:${ports.ui}/api/v1/namespaces/default/workflows?query=${encodeURIComponent(
        `LoudwireRecordKey = "${dealId}"`,
      )}`,
    );
    const listed = (await workflows.json()) as { executions?: { execution: { workflowId: string } }[] };
    expect(listed.executions?.map((execution) => execution.execution.workflowId)).toEqual([
      `client-onboarding:crm:${dealId}`,
    ]);
    stack!.kill('SIGINT');
    expect(await second.stopped).toBe(0);
  }, 420_000);
});
