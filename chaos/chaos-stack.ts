import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { startTypeScriptProcess, type ManagedProcess } from '../scripts/dev-stack/managed-process';
import {
  startTemporalDevServer,
  type RunningTemporalDevServer,
  type TemporalDevServerOptions,
} from '../scripts/dev-stack/temporal-dev-server';
import { loadEnvironment } from '../src/config/environment';
import { workflowBundleConverters } from '../src/encryption/loudwire-data-converter';
import { connectTemporalClient, type ConnectedTemporalClient } from '../src/temporal/connect-temporal-client';
import { registerSearchAttributes } from '../src/temporal/register-search-attributes';
import { workflowsPath } from '../src/temporal/workflows-path';
import { freePort } from '../test/support/free-port';

const projectRoot = resolve(import.meta.dirname, '..');

/** The processes a chaos run kills and starts again. */
export type ChaosComponent = 'worker' | 'second-worker' | 'api' | 'temporal';

export interface ChaosStack {
  apiUrl: string;
  /** Sandbox base URLs by target system. */
  targets: { projectTool: string; billing: string; accounting: string };
  taskQueue: string;
  temporal: ConnectedTemporalClient;
  /** Where every process's output goes (the console shows only the run's progress). */
  logFile: string;
  /** SIGKILLs a component (no goodbye: in-flight tasks and requests are cut). */
  kill(component: ChaosComponent): Promise<void>;
  /** Starts it again; resolves when it reports ready (the worker: polling; the server: answering). */
  start(component: ChaosComponent): Promise<void>;
  /** Stops the second worker the polite way (SIGTERM: it hands back its tasks). */
  stopSecondWorker(): Promise<void>;
  isRunning(component: ChaosComponent): boolean;
  /** The last lines the processes printed, for a failure report. */
  recentOutput(): string[];
  close(): Promise<void>;
}

/**
 * The stack `npm start` runs, one process per component so each can be killed alone: the Temporal dev server on
 * a SQLite file (kept across its restart, like `npm run start:temporal`), the sandboxes (`start:sandboxes`), the
 * API (`start:api`) and workers (`start:worker`, with a workflow bundle built once). Free loopback ports and a
 * throw-away data folder: several runs and test suites can share a machine.
 */
export async function startChaosStack(print: (line: string) => void): Promise<ChaosStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loudwire-chaos-'));
  const logFile = join(tmpdir(), `loudwire-chaos-${Date.now().toString(36)}.log`);
  const log = createWriteStream(logFile);
  const recent: string[] = [];
  const remember = (line: string) => {
    log.write(`${line}\n`);
    recent.push(line);
    if (recent.length > 200) recent.shift();
  };
  const running = new Map<string, ManagedProcess>();
  let server: RunningTemporalDevServer | undefined;
  let temporal: ConnectedTemporalClient | undefined;
  const close = async () => {
    await Promise.all([...running.values()].map((child) => child.stop()));
    await temporal?.close().catch(() => undefined);
    await server?.stop();
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const ports = Object.fromEntries(
      await Promise.all(
        ['temporal', 'ui', 'api', 'crm', 'projects', 'billing', 'helpdesk', 'accounting'].map(
          async (name) => [name, await freePort()] as const,
        ),
      ),
    ) as Record<string, number>;
    const serverOptions: TemporalDevServerOptions = {
      dbFile: join(dataDir, 'temporal', 'loudwire.sqlite'),
      host: '127.0.0.1',
      port: ports.temporal!,
      uiPort: ports.ui!,
      extraArgs: ['--headless', '--sqlite-pragma', 'journal_mode=wal'],
      onOutput: (line) => remember(`[temporal] ${line}`),
    };
    print(`[chaos] Temporal dev server on ${serverOptions.host}:${ports.temporal} (${serverOptions.dbFile})`);
    const bundling = buildWorkflowBundle(dataDir);
    server = await startTemporalDevServer(serverOptions);
    const taskQueue = `loudwire-chaos-${Date.now().toString(36)}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      // Generated deals repeat companies: past the cold start the predictive checks would hold them for an
      // approver, and this run measures delivery, not predictions (test/anomaly covers those).
      ANOMALY_CHECKS: 'off',
      SANDBOX_LOG_LEVEL: 'error',
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: String(ports.api),
      API_HOST: '127.0.0.1',
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
    // Alerts would go nowhere useful; a parked record is found through Temporal at the end instead.
    delete env.ALERT_WEBHOOK_URL;
    temporal = await connectTemporalClient(loadEnvironment(env));
    await registerSearchAttributes(temporal.connection, 'default');
    const bundlePath = await bundling;

    const entryPoints: Record<
      Exclude<ChaosComponent, 'temporal'> | 'sandboxes',
      [string, NodeJS.ProcessEnv]
    > = {
      sandboxes: ['sandbox/start-sandboxes.ts', env],
      api: ['src/api/server.ts', env],
      worker: ['chaos/chaos-worker-process.ts', { ...env, CHAOS_WORKFLOW_BUNDLE: bundlePath }],
      'second-worker': ['chaos/chaos-worker-process.ts', { ...env, CHAOS_WORKFLOW_BUNDLE: bundlePath }],
    };
    const launch = async (name: keyof typeof entryPoints) => {
      const [entryPoint, childEnv] = entryPoints[name];
      const child = startTypeScriptProcess(name, join(projectRoot, entryPoint), childEnv, remember);
      running.set(name, child);
      await child.waitUntilReady(180_000);
    };
    print('[chaos] starting the sandboxes, the API and the first worker…');
    await Promise.all([launch('sandboxes'), launch('api'), launch('worker')]);

    const killProcess = async (name: string) => {
      const child = running.get(name);
      if (!child) return;
      running.delete(name);
      if (child.child.exitCode !== null || child.child.signalCode !== null) return;
      const exited = new Promise((done) => child.child.once('exit', done));
      child.child.kill('SIGKILL');
      await exited;
    };
    return {
      apiUrl: `http://127.0.0.1:${ports.api}`,
      targets: {
        projectTool: `http://127.0.0.1:${ports.projects}`,
        billing: `http://127.0.0.1:${ports.billing}`,
        accounting: `http://127.0.0.1:${ports.accounting}`,
      },
      taskQueue,
      temporal,
      logFile,
      async kill(component) {
        if (component !== 'temporal') return killProcess(component);
        const current = server;
        server = undefined;
        if (!current || current.process.exitCode !== null) return;
        const exited = new Promise((done) => current.process.once('exit', done));
        current.process.kill('SIGKILL');
        await exited;
      },
      async start(component) {
        if (component === 'temporal') server = await startTemporalDevServer(serverOptions);
        else await launch(component);
      },
      async stopSecondWorker() {
        const child = running.get('second-worker');
        running.delete('second-worker');
        await child?.stop();
      },
      isRunning(component) {
        return component === 'temporal' ? server !== undefined : running.has(component);
      },
      recentOutput: () => [...recent],
      close,
    };
  } catch (error) {
    print(recent.slice(-30).join('\n'));
    await close();
    throw error;
  }
}

/** The workflow code bundled once, as `npm run start:worker` bundles it at every start. */
async function buildWorkflowBundle(dataDir: string): Promise<string> {
  const bundle = await bundleWorkflowCode({
    workflowsPath,
    ...workflowBundleConverters,
    logger: new DefaultLogger('WARN'),
  });
  const path = join(dataDir, 'workflow-bundle.js');
  writeFileSync(path, bundle.code);
  return path;
}
