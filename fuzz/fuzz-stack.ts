import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startTypeScriptProcess, type ManagedProcess } from '../scripts/dev-stack/managed-process';
import {
  startTemporalDevServer,
  type RunningTemporalDevServer,
} from '../scripts/dev-stack/temporal-dev-server';
import { registerSearchAttributes } from '../src/temporal/register-search-attributes';
import { freePort } from '../test/support/free-port';
import { loadEnvironment } from '../src/config/environment';
import { loudwireDataConverter } from '../src/encryption/loudwire-data-converter';

const projectRoot = resolve(import.meta.dirname, '..');

export interface FuzzStack {
  apiUrl: string;
  apiPid: number;
  crmUrl: string;
  projectToolUrl: string;
  taskQueue: string;
  temporal: Client;
  /** Lines the API printed at error level or above that say "unhandled API error". */
  unhandledApiErrors: string[];
  /** The last lines every process printed, for a failure report. */
  recentOutput(): string[];
  /** Stops the Temporal dev server (its SQLite file stays), as an outage would. */
  stopTemporal(): Promise<void>;
  /** Starts it again on the same port and file: everything it acknowledged is still there. */
  restartTemporal(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What `npm start` boots, on free loopback ports and a throw-away data folder: a Temporal dev server (SQLite,
 * WAL), the sandboxes, the API and a worker, each in its own process (so the API's RSS is its own).
 */
export async function startFuzzStack(print: (line: string) => void): Promise<FuzzStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loudwire-fuzz-'));
  const children: ManagedProcess[] = [];
  const output: string[] = [];
  const unhandledApiErrors: string[] = [];
  let server: RunningTemporalDevServer | undefined;
  let connection: Connection | undefined;
  const close = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await connection?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const remember = (line: string) => {
    output.push(line);
    if (output.length > 200) output.shift();
    if (line.startsWith('[api]') && line.includes('unhandled API error')) unhandledApiErrors.push(line);
  };
  try {
    const ports = Object.fromEntries(
      await Promise.all(
        ['temporal', 'ui', 'api', 'crm', 'projects', 'billing', 'helpdesk', 'accounting'].map(
          async (name) => [name, await freePort()],
        ),
      ),
    ) as Record<string, number>;
    print(`starting the Temporal dev server on 127.0.0.1:${ports.temporal}…`);
    const serverOptions = {
      dbFile: join(dataDir, 'temporal.sqlite'),
      host: '127.0.0.1',
      port: ports.temporal!,
      uiPort: ports.ui!,
      extraArgs: ['--headless', '--sqlite-pragma', 'journal_mode=wal'],
      onOutput: remember,
    };
    server = await startTemporalDevServer(serverOptions);
    connection = await Connection.connect({ address: server.address });
    await registerSearchAttributes(connection, 'default');
    // The stack's own (development) payload keys: memos and results it reads are encrypted.
    const temporal = new Client({
      connection,
      dataConverter: loudwireDataConverter(loadEnvironment({}).PAYLOAD_ENCRYPTION_KEYS),
    });
    const taskQueue = 'loudwire-fuzz';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      // Errors only: thousands of refused requests would otherwise print thousands of warnings.
      LOG_LEVEL: 'error',
      SANDBOX_LOG_LEVEL: 'error',
      // Up to 32 cases in flight, authentic events among them, each judged 202: shedding at the default bound of
      // 8 is overload's business (the bench's overload phase), not hostile input's.
      WEBHOOK_MAX_IN_FLIGHT: '64',
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: String(ports.api),
      API_HOST: '127.0.0.1',
      // Every sandbox on a free port, and every system's base URL pointing at it (one settings rule).
      CRM_PORT: String(ports.crm),
      PROJECT_TOOL_PORT: String(ports.projects),
      BILLING_PORT: String(ports.billing),
      HELPDESK_PORT: String(ports.helpdesk),
      ACCOUNTING_PORT: String(ports.accounting),
      CRM_BASE_URL: `http://127.0.0.1:${ports.crm}`,
      PROJECT_TOOL_BASE_URL: `http://127.0.0.1:${ports.projects}`,
      BILLING_BASE_URL: `http://127.0.0.1:${ports.billing}`,
      HELPDESK_BASE_URL: `http://127.0.0.1:${ports.helpdesk}`,
      ACCOUNTING_BASE_URL: `http://127.0.0.1:${ports.accounting}`,
      CRM_WEBHOOK_URL: `http://127.0.0.1:${ports.api}/webhooks/crm`,
      HELPDESK_WEBHOOK_URL: `http://127.0.0.1:${ports.api}/webhooks/helpdesk`,
      PUBLIC_API_URL: `http://127.0.0.1:${ports.api}`,
      SANDBOX_DATA_DIR: join(dataDir, 'sandbox'),
    };
    delete env.ALERT_WEBHOOK_URL;
    const start = (name: string, entryPoint: string) => {
      const child = startTypeScriptProcess(name, join(projectRoot, entryPoint), env, remember);
      children.push(child);
      return child;
    };
    print('starting the sandboxes, the API and a worker…');
    const api = start('api', 'src/api/server.ts');
    start('sandbox', 'sandbox/start-sandboxes.ts');
    start('worker', 'src/worker.ts');
    await Promise.all(children.map((child) => child.waitUntilReady(120_000)));
    return {
      apiUrl: `http://127.0.0.1:${ports.api}`,
      apiPid: api.child.pid!,
      crmUrl: `http://127.0.0.1:${ports.crm}`,
      projectToolUrl: `http://127.0.0.1:${ports.projects}`,
      taskQueue,
      temporal,
      unhandledApiErrors,
      recentOutput: () => [...output],
      async stopTemporal() {
        await server?.stop();
        server = undefined;
      },
      async restartTemporal() {
        server = await startTemporalDevServer(serverOptions);
      },
      close,
    };
  } catch (error) {
    print(output.slice(-30).join('\n'));
    await close();
    throw error;
  }
}
